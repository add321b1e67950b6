"""The REST API of accounts: issuing tokens for front-desk systems and scripts."""
