"""The dimensions a PxWeb download joins into its value columns' headers.

PxWeb writes a table's column dimensions into each value column's header, their member labels
joined by spaces, every combination once, the last dimension varying fastest: sex x year x
content gives `Total 2016 Population 31 Dec`, `Total 2017 Population 31 Dec`, ...,
`Females 2020 Population 31 Dec`. The names of those dimensions are not in the file, but the
headers' order gives them back: `split_headings` finds the dimensions whose members, joined in
that order, make exactly the headers (a one-member dimension is the words every header shares
at its start or end). `hytemart describe` names them; the reader splits the headers the same
way and checks that they split into as many dimensions as the description names.
"""


def split_headings(headers: list[str], count: int | None = None) -> list[list[str]] | None:
    """The member labels of each dimension, slowest first, whose combinations in order are
    `headers`; the finest such split, or with `count` one of exactly that many dimensions
    (the finest one's neighbours merged from the end). None when `count` cannot be met."""
    tokens = [header.split() for header in headers]
    if not tokens or any(not words for words in tokens):
        return None if count not in (None, 1) else [list(headers)]
    dimensions = _rejoined([[" ".join(words) for words in part] for part in _split(tokens)])
    if count is None or count == len(dimensions):
        return dimensions
    if count < 1 or count > len(dimensions):
        return None
    while len(dimensions) > count:  # merge the fastest two: their joined labels, in order
        slow, fast = dimensions[-2], dimensions[-1]
        dimensions[-2:] = [[f"{a} {b}" for a in slow for b in fast]]
    return dimensions


# Words that go on with a label rather than begin one ("Deaths | in the first year | of life
# per 1 000 live births 1860": the measure was cut where its two members' words part).
_JOINING = frozenset(
    ["in", "of", "during", "per", "the", "and", "at", "for", "to", "on", "with", "by", "from",
     "ja", "sekä", "per", "och", "i", "av", "för", "till", "med", "på", "under", "efter"])


def _rejoined(dimensions: list[list[str]]) -> list[list[str]]:
    """Dimensions whose every member begins with a joining word are part of the one before,
    and those whose every member ends with one go on into the next ("Immigration to" |
    "Finland": the two measures share their last word)."""
    out: list[list[str]] = []
    for members in dimensions:
        if out and (all(member.split()[0] in _JOINING for member in members)
                    or all(member.split()[-1] in _JOINING for member in out[-1])):
            out[-1] = [f"{a} {b}" for a in out[-1] for b in members]
        else:
            out.append(members)
    return out


def _common_prefix(rows: list[list[str]]) -> int:
    length = min(len(row) for row in rows)
    for index in range(length):
        if any(row[index] != rows[0][index] for row in rows):
            return index
    return length


def _split(rows: list[list[str]]) -> list[list[list[str]]]:
    """Token rows -> dimensions, each a list of member token lists."""
    if len(rows) == 1:
        return [rows]
    prefix = _common_prefix(rows)
    suffix = _common_prefix([row[::-1] for row in rows])
    shortest = min(len(row) for row in rows)
    if prefix + suffix >= shortest:  # the shared words would leave some header empty
        prefix = suffix = 0
    head = [[rows[0][:prefix]]] if prefix else []
    tail = [[rows[0][len(rows[0]) - suffix:]]] if suffix else []
    middle = [row[prefix:len(row) - suffix] for row in rows]
    return head + _blocks(middle) + tail


def _blocks(rows: list[list[str]]) -> list[list[list[str]]]:
    """The slowest dimension: the fewest blocks of consecutive rows that each begin with their
    own member and go on with the same rows as every other block; then the rest the same way."""
    count = len(rows)
    for blocks in range(2, count):
        if count % blocks:
            continue
        size = count // blocks
        split = _block_split(rows, blocks, size)
        if split is not None:
            members, rest = split
            return [members] + _split(rest)
    return [rows]


def _block_split(rows: list[list[str]], blocks: int, size: int
                 ) -> tuple[list[list[str]], list[list[str]]] | None:
    groups = [rows[index * size:(index + 1) * size] for index in range(blocks)]
    limits = [_common_prefix(group) for group in groups]
    for length in range(1, limits[0] + 1):  # the shortest member that works
        rest = [row[length:] for row in groups[0]]
        if any(not row for row in rest):
            return None
        members = [groups[0][0][:length]]
        for group, limit in zip(groups[1:], limits[1:], strict=True):
            own = len(group[0]) - len(rest[0])
            if not 1 <= own <= limit or [row[own:] for row in group] != rest:
                break
            members.append(group[0][:own])
        else:
            return members, rest
    return None
