"""`python -m kizuna ...` runs the command line."""
from .cli import app

app(prog_name="kizuna")
