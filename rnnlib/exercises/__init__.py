"""Self-checking exercises: each chapter's checkers say right or wrong, and why.

One module per chapter (``backprop`` for chapter 1, ``bptt`` for chapter 2, ...). A checker
takes the reader's answer (an array, a function), compares it with rnnlib's, prints one line
that says right or wrong and why, and returns True or False.
"""
