"""The partnership's gate rules: which conditions each transition of the cycle needs."""
