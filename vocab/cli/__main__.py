"""python -m vocab.cli"""

from vocab.cli import main

main()
