"""Handover packets: what a packet holds, sealing one for a school, and its life after."""
