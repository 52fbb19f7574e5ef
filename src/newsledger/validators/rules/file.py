"""NL0xx and NL1xx: the file itself — reading, encoding, YAML syntax and hazards.

These codes are raised by the reading of a file (:mod:`newsledger.validators.yamlread`) and the engine
while a file is read and parsed; they are declared and documented here.
"""

from __future__ import annotations

from newsledger.validators.diagnostics import Severity
from newsledger.validators.rules.registry import declare

E, W = Severity.ERROR, Severity.WARNING

declare("NL001", "internal-error", E, """
An unexpected error inside newsledger while checking a file.

## What it does
Reports a bug in newsledger instead of crashing, naming the file being processed.

## Why is this bad?
The file could not be fully checked, so it cannot be trusted to be valid.

## Example
Any input that triggers a defect in the validator.

## Use instead
Report the problem with the file attached; the rest of the dataset is still checked.
""")

declare("NL100", "unreadable-file", E, """
The path cannot be read as a regular file inside the dataset.

## What it does
Flags paths that are directories named like YAML files, unreadable files, special
files, and symbolic links that point outside the dataset directory.

## Why is this bad?
A link out of the dataset could make a release publish a file from anywhere on the
machine that builds it; an unreadable file silently drops an entry.

## Example
`dataset/articles/2024/x.yaml -> /etc/passwd`

## Use instead
Commit the entry as a regular UTF-8 file inside `dataset/`.
""")

declare("NL101", "yaml-syntax", E, """
The file is not well-formed YAML.

## What it does
Reports the first syntax error the YAML 1.2 parser (yaml-rs) finds, at its line and column.

## Why is this bad?
Nothing in a file that does not parse can be checked or published.

## Example
```yaml
headline: Iraqi PM: end date soon
```

## Use instead
```yaml
headline: "Iraqi PM: end date soon"
```
""")

declare("NL102", "duplicate-key", E, """
A mapping has the same key twice.

## What it does
Reports the second key and points to the first.

## Why is this bad?
YAML parsers disagree about duplicates: most keep the last value and drop the
first without a word, so a curator's edit can silently disappear.

## Example
```yaml
date: 2024-08-29
date: 2024-08-30
```

## Use instead
Keep one `date:`.
""")

declare("NL103", "yaml11-hazard", E, """
An unquoted value means something else to a YAML 1.1 reader.

## What it does
Flags plain scalars such as `NO`, `yes`, `on`, `off`, `y`, `12:30` and `012` that
YAML 1.2 reads as text (or as 12) but YAML 1.1 readers such as PyYAML read as a
boolean, a base-60 number or an octal number. Also flags, anywhere in the file,
the characters U+0085 NEXT LINE, U+2028 LINE SEPARATOR and U+2029 PARAGRAPH
SEPARATOR written as they are: text to YAML 1.2, a line break to YAML 1.1 readers
(pasted from web pages, or U+0085 from Windows-1252 text read as Latin-1, where it
was an ellipsis). Such a file is not checked further until they are gone.

## Why is this bad?
The dataset is read by many tools. `language: no` (Norwegian) becomes `False` in
PyYAML; `said: 12:30` becomes 750.

## Example
```yaml
speaker_role: yes
```

## Use instead
```yaml
speaker_role: "yes"
```
and a space or a line break for U+2028 (in a double-quoted string, `\\u2028` if the
character is wanted).
""")

declare("NL104", "unquoted-non-text", E, """
An unquoted value was read as a number, boolean or null where text is expected.

## What it does
Flags plain scalars like `1.10`, `2024`, `true` or `null` in text fields.

## Why is this bad?
YAML turns `1.10` into the number 1.1 and `true` into a boolean before newsledger
sees it: the text you typed is already lost.

## Example
```yaml
headline: 2024
```

## Use instead
```yaml
headline: "2024"
```
""")

declare("NL105", "tab", E, """
The file contains a tab character.

## What it does
Reports the first tab in the file.

## Why is this bad?
YAML forbids tabs in indentation, and tabs elsewhere make diffs and column numbers
ambiguous.

## Example
A line indented with a tab.

## Use instead
Indent with two spaces.
""")

declare("NL106", "byte-order-mark", E, """
The file starts with a UTF-8 byte order mark.

## What it does
Reports a leading U+FEFF.

## Why is this bad?
Some tools treat the mark as part of the first key; it also changes the file's
hash for no reason.

## Example
A file saved by an editor set to "UTF-8 with BOM".

## Use instead
Save as plain UTF-8.
""")

declare("NL107", "encoding", E, """
The file is not UTF-8 text.

## What it does
Reports UTF-16/UTF-32 files, NUL bytes, invalid UTF-8 and control characters,
with the position of the first offending byte.

## Why is this bad?
Entries are text; anything else cannot be diffed, reviewed or parsed reliably.

## Example
A file saved as UTF-16 by a word processor.

## Use instead
Save as UTF-8 without a BOM.
""")

declare("NL108", "alias-budget", E, """
Anchors and aliases go beyond the small budget an entry may use.

## What it does
Counts aliases (`*name`) and the nodes they expand to; reports the alias that
crosses the limit, and anchors defined twice.

## Why is this bad?
A few lines of aliases can expand to billions of nodes ("billion laughs") and
exhaust memory in every tool that reads the file.

## Example
```yaml
a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
```

## Use instead
Write values out; entries do not need anchors.
""")

declare("NL109", "file-too-large", E, """
The file is over the size limit (2 MiB).

## What it does
Rejects the file before parsing it.

## Why is this bad?
No news report is that long; such a file is a mistake or an attack on the tools
that read the dataset.

## Example
A body pasted several times over.

## Use instead
One report per file, its text once.
""")

declare("NL110", "root-type", E, """
The top level of the file has the wrong shape.

## What it does
Entries under `articles/` must be a mapping; files under `entities/` must be a list.

## Why is this bad?
Nothing else can be read as an entry or a registry file.

## Example
```yaml
- schema_version: "1.0"
```

## Use instead
```yaml
schema_version: "1.0"
article: ...
```
""")

declare("NL111", "tag", E, """
A value carries an explicit YAML tag.

## What it does
Reports tags such as `!!python/object`, `!!binary` or `!custom`.

## Why is this bad?
Tags ask the reader to construct objects; unsafe loaders have run code from them.
Entries are plain data.

## Example
```yaml
body: !!python/object/apply:os.system [ls]
```

## Use instead
Plain strings, numbers, lists and mappings.
""")

declare("NL112", "multiple-documents", E, """
The file holds more than one YAML document.

## What it does
Reports the second `---` document.

## Why is this bad?
One file is one entry; tools that read only the first document would lose the rest.

## Example
```yaml
schema_version: "1.0"
---
schema_version: "1.0"
```

## Use instead
One entry per file.
""")

declare("NL113", "merge-key", E, """
The file uses a YAML 1.1 merge key (`<<`).

## What it does
Reports `<<:` keys.

## Why is this bad?
Merge keys are not part of YAML 1.2; readers disagree on what they mean.

## Example
```yaml
location:
  <<: *iraq
```

## Use instead
Write the keys out.
""")

declare("NL114", "file-name", E, """
The file name does not match the article id, or the file is in the wrong place.

## What it does
Checks that `articles/YYYY/<id>.yaml` has `article.id: <id>` and `YYYY` is the
year of `article.published`, and that dataset files end in `.yaml`.

## Why is this bad?
Ids are how users cite records; a mismatch makes the file impossible to find from
the id and lets two files claim one id.

## Example
`articles/2024/coalition.yaml` holding `id: antiwar-2024-09-17-iraqi-pm-coalition-end-date`

## Use instead
Rename the file to `<id>.yaml` under the year of publication.
""")

declare("NL115", "nesting-depth", E, """
Values nest deeper than the schema allows (64 levels).

## What it does
Stops parsing at the limit.

## Why is this bad?
Deep nesting is never valid data and can exhaust the stack of recursive readers.

## Example
`[[[[[[[[ ... ]]]]]]]]`

## Use instead
Follow the schema's shape (docs/codebook.md).
""")

declare("NL116", "empty-file", E, """
The file is empty or holds only comments.

## What it does
Reports files with no YAML content.

## Why is this bad?
An empty entry publishes nothing and hides a forgotten commit.

## Example
A file holding only `# TODO`.

## Use instead
Fill in the entry or delete the file.
""")

declare("NL117", "key-not-text", E, """
A mapping key is not text: a number, a boolean, null, a list or a mapping.

## What it does
Reports the key where it is written. YAML 1.2 reads an unquoted `true`, `~`,
`12`, `0x10` or `1e3` as a boolean, null or number, and `[a, b]` or `? {a: 1}`
as a collection; an entry's keys are field names, which are text. The file is not
read further: turning such a key into text silently (`True`, `None`, `16`,
`1000.0`, as many readers do) would check something other than what is written.

## Why is this bad?
JSON, Parquet and every tool that reads the release have text keys only; a reader
that converts the key makes up a field name the curator never wrote.

## Example
```yaml
rights: {text: withheld, 1: one}
```

## Use instead
```yaml
rights: {text: withheld}
```
(or quote the key, `"1": one`, if a text key was meant.)
""")

declare("NL118", "integer-too-long", E, """
An unquoted integer has more than 3,900 digits.

## What it does
Reports the number where it is written; the file is not read further. YAML 1.2
reads any run of digits as an integer, but one this long cannot be read exactly:
yaml-rs makes it an infinity, and Python refuses to turn it into text.

## Why is this bad?
No field holds such a number; reading it as infinity would check (and publish)
something other than what is written.

## Example
```yaml
casualties:
  - {outcome: killed, best: 1000000000000000000000000000000000000000000000000...}
```

## Use instead
The number the report gives; or, if the digits are text, quote them.
""")
