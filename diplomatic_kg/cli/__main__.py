"""``python -m cli ARGS`` runs ``dkg ARGS`` (handy in a checkout that is not the installed one)."""

from diplomatic_kg.cli import main

main(prog_name="dkg")
