"""Fill msgstr in a .po file from a JSON {msgid: msgstr} mapping, keeping everything else (translators' aid).

Usage: python tools/po_fill.py tourplanner/translations/ru/LC_MESSAGES/messages.po ru.json
"""
import json, sys
from babel.messages.pofile import read_po, write_po
po_path, mapping_path = sys.argv[1], sys.argv[2]
mapping = json.load(open(mapping_path))
with open(po_path, 'rb') as f:
    cat = read_po(f)
for msg in cat:
    key = msg.id[0] if isinstance(msg.id, tuple) else msg.id  # plurals: keyed by the singular, a list of forms
    if key and key in mapping:
        value = mapping[key]
        msg.string = tuple(value) if isinstance(msg.id, tuple) else value
        if 'fuzzy' in msg.flags: msg.flags.discard('fuzzy')
with open(po_path, 'wb') as f:
    write_po(f, cat, width=110, omit_header=False)
missing = [m.id for m in cat if m.id and not (all(m.string) if isinstance(m.id, tuple) else m.string)]
print(po_path, 'missing', len(missing)); [print('  ', m) for m in missing[:50]]
