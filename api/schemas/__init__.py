"""Request (``…Create``) and response (``…Public``) bodies, one module per resource; field
names are the contract's."""
