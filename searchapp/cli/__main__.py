"""`python -m searchapp.cli ...`: the console script, run as a module."""
from searchapp.cli.commands import main

if __name__ == "__main__":   # a normal exit, so that profilers can write their output
    main()
