"""Document identity: type, issuer, region, number, year, title, status, date set and signer.

``extractors.identity.document`` combines the readers of headings, sheets, issuers, regions and
signature blocks.
"""
