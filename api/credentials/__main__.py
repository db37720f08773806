"""`python -m api.credentials issue|rotate|revoke|list`: see api/credentials/cli.py."""

from api.credentials.cli import main

if __name__ == "__main__":
    main()
