"""python -m vocab"""

from vocab.cli import main

main()
