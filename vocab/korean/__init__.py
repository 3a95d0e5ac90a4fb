"""Korean: Kiwi (kiwi.py, the only kiwipiepy import), the policy that makes terms of
its morphemes (terms.py), multi-word phrases (phrases.py), and texts run through Kiwi
into sentences and their terms (sentences.py)."""
