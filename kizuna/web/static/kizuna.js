// kizuna: small enhancements over pages that work without script.
// Document page: hovering a highlighted passage shows its facts in a card and marks them in the list;
// hovering a fact in the list marks its passages in the text.
"use strict";

function factIds(mark) {
  return (mark.getAttribute("data-facts") || "").split(" ").filter(Boolean);
}

function setActive(elements, on) {
  elements.forEach(function (el) { el.classList.toggle("active", on); });
}

function wireDocument() {
  var text = document.getElementById("text");
  var card = document.getElementById("fact-card");
  if (!text || !card) { return; }
  var marks = Array.prototype.slice.call(text.querySelectorAll("mark.ev"));
  marks.forEach(function (mark) {
    var facts = factIds(mark).map(function (id) { return document.getElementById(id); }).filter(Boolean);
    mark.addEventListener("mouseenter", function () {
      card.textContent = mark.getAttribute("title") || "";
      card.hidden = false;
      setActive(facts, true);
      mark.classList.add("active");
    });
    mark.addEventListener("mouseleave", function () {
      setActive(facts, false);
      mark.classList.remove("active");
    });
  });
  document.querySelectorAll("li.fact").forEach(function (item) {
    var mine = marks.filter(function (mark) { return factIds(mark).indexOf(item.id) !== -1; });
    item.addEventListener("mouseenter", function () { setActive(mine, true); });
    item.addEventListener("mouseleave", function () { setActive(mine, false); });
    item.addEventListener("click", function (event) {
      if (event.target.tagName !== "A" && mine.length) { mine[0].scrollIntoView({ block: "center" }); }
    });
  });
}

document.addEventListener("DOMContentLoaded", wireDocument);
