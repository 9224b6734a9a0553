"""A child and their learning journey: the Child aggregate, its entries, the EYFS vocabulary and
the commands that record them."""
