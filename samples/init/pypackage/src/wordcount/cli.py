import sys

from wordcount import count


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as stream:
        print(count(stream.read()))
