"""The read models, one module per view: its tables, how events fold into them, its queries."""
