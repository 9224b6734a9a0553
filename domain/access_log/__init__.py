"""The access log as evidence: an entry (who did what to which child, allowed or not), its leaf
in a Merkle tree (RFC 9162), and the signed checkpoints that make the log tamper-evident."""
