#!/usr/bin/env python3
"""A second benchmark corpus generator, written from docs/codebook.md and
schema/1.0 alone, without reading generate.py: a check that the benchmark
results do not depend on the shapes generate.py happens to make.

usage: python benchmarks/independent.py OUTDIR N [--seed S] [--variant K]
then:  python benchmarks/run.py --dataset OUTDIR

Shapes deliberately unlike generate.py's: long bodies, many quotes and events,
minimal entries, non-Latin scripts, NFD bodies, curly/straight quote and dash
variants, IRIs, one-entity files plus one big entity file (partly in flow
style), ref chains, events shared by many entries, 40 year directories, entries
written as JSON (which is YAML 1.2) and with folded-block bodies.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import unicodedata
from datetime import date, timedelta

# ----------------------------------------------------------------------------- text banks

LANGS = ["en", "en", "en", "ar", "ru", "zh-Hans", "ja", "uk", "fr", "de", "pt-BR", "es-419",
         "sr-Latn", "vi", "ko", "he", "el", "tr", "hi", "no"]

WORDS = {
    "en": ["ministry", "army", "forces", "convoy", "border", "statement", "officials", "talks", "ceasefire", "village", "province", "troops", "shelling", "drone", "aid", "hospital", "market", "bridge", "council", "spokesman", "committee", "agreement", "withdrawal", "protest", "harbour", "refinery", "checkpoint"],
    "ar": ["الوزارة", "الجيش", "القوات", "القافلة", "الحدود", "البيان", "المسؤولون", "المحادثات", "وقف", "إطلاق", "النار", "القرية", "المحافظة", "الطائرة", "المساعدات", "المستشفى", "السوق", "الجسر"],
    "ru": ["министерство", "армия", "войска", "колонна", "граница", "заявление", "чиновники", "переговоры", "перемирие", "деревня", "область", "беспилотник", "помощь", "больница", "рынок", "мост"],
    "zh-Hans": ["外交部", "军队", "部队", "车队", "边境", "声明", "官员", "会谈", "停火", "村庄", "省份", "无人机", "援助", "医院", "市场", "桥梁", "委员会"],
    "ja": ["外務省", "軍", "部隊", "車列", "国境", "声明", "当局者", "協議", "停戦", "村", "県", "無人機", "支援", "病院", "市場", "橋", "委員会"],
    "uk": ["міністерство", "армія", "війська", "колона", "кордон", "заява", "посадовці", "переговори", "перемир'я", "село", "область", "безпілотник", "допомога", "лікарня", "ринок", "міст"],
    "fr": ["ministère", "armée", "forces", "convoi", "frontière", "déclaration", "responsables", "négociations", "cessez-le-feu", "village", "préfecture", "drone", "aide", "hôpital", "marché", "pont"],
    "de": ["Ministerium", "Armee", "Streitkräfte", "Konvoi", "Grenze", "Erklärung", "Beamte", "Gespräche", "Waffenruhe", "Dorf", "Provinz", "Drohne", "Hilfe", "Krankenhaus", "Markt", "Brücke", "Übergang"],
    "pt-BR": ["ministério", "exército", "forças", "comboio", "fronteira", "declaração", "autoridades", "negociações", "cessar-fogo", "aldeia", "província", "drone", "ajuda", "hospital", "mercado", "ponte"],
    "es-419": ["ministerio", "ejército", "fuerzas", "convoy", "frontera", "declaración", "funcionarios", "negociaciones", "alto-el-fuego", "aldea", "provincia", "dron", "ayuda", "hospital", "mercado", "puente"],
    "sr-Latn": ["ministarstvo", "vojska", "snage", "konvoj", "granica", "saopštenje", "zvaničnici", "pregovori", "primirje", "selo", "pokrajina", "dron", "pomoć", "bolnica", "pijaca", "most"],
    "vi": ["bộ", "quân", "đội", "lực", "lượng", "đoàn", "xe", "biên", "giới", "tuyên", "bố", "quan", "chức", "đàm", "phán", "ngừng", "bắn", "làng", "tỉnh", "máy", "bay", "không", "người", "lái", "viện", "trợ", "bệnh", "viện", "chợ", "cầu"],
    "ko": ["외교부", "군대", "병력", "호송대", "국경", "성명", "관리들", "회담", "휴전", "마을", "지방", "드론", "원조", "병원", "시장", "다리"],
    "he": ["המשרד", "הצבא", "הכוחות", "השיירה", "הגבול", "ההצהרה", "הפקידים", "השיחות", "הפסקת", "אש", "הכפר", "המחוז", "רחפן", "סיוע", "בית", "חולים", "השוק", "הגשר"],
    "el": ["υπουργείο", "στρατός", "δυνάμεις", "νηοπομπή", "σύνορα", "δήλωση", "αξιωματούχοι", "συνομιλίες", "εκεχειρία", "χωριό", "επαρχία", "drone", "βοήθεια", "νοσοκομείο", "αγορά", "γέφυρα"],
    "tr": ["bakanlık", "ordu", "kuvvetler", "konvoy", "sınır", "açıklama", "yetkililer", "görüşmeler", "ateşkes", "köy", "vilayet", "İHA", "yardım", "hastane", "çarşı", "köprü"],
    "hi": ["मंत्रालय", "सेना", "बल", "काफ़िला", "सीमा", "बयान", "अधिकारी", "वार्ता", "युद्धविराम", "गाँव", "प्रांत", "ड्रोन", "सहायता", "अस्पताल", "बाज़ार", "पुल"],
    "no": ["departementet", "hæren", "styrkene", "konvoien", "grensen", "uttalelsen", "tjenestemenn", "forhandlinger", "våpenhvile", "landsbyen", "fylket", "drone", "bistand", "sykehuset", "torget", "broen"],
}
# quotation marks per language (open, close); the quote text never includes them
QMARKS = {"en": ("“", "”"), "ar": ("«", "»"), "ru": ("«", "»"), "zh-Hans": ("“", "”"), "ja": ("「", "」"),
          "uk": ("«", "»"), "fr": ("« ", " »"), "de": ("„", "“"), "pt-BR": ("“", "”"), "es-419": ("«", "»"),
          "sr-Latn": ("„", "“"), "vi": ("“", "”"), "ko": ("“", "”"), "he": ("”", "”"), "el": ("«", "»"),
          "tr": ("“", "”"), "hi": ("“", "”"), "no": ("«", "»")}
SAID = {"en": "said", "ar": "قال", "ru": "заявил", "zh-Hans": "表示", "ja": "と述べた", "uk": "заявив", "fr": "a déclaré",
        "de": "sagte", "pt-BR": "disse", "es-419": "dijo", "sr-Latn": "rekao je", "vi": "cho biết", "ko": "라고 말했다",
        "he": "אמר", "el": "δήλωσε", "tr": "dedi", "hi": "ने कहा", "no": "sa"}
STOP = {"zh-Hans": "。", "ja": "。", "hi": "।"}
EMOJI = ["🙂", "🔥", "🇺🇦", "🇸🇾", "🕊️", "📷", "⚠️", "🚀", "💬", "✅"]
# strings whose NFC and NFD forms differ (accented Latin, Vietnamese, Hangul, Arabic with harakat, Greek tonos)
NFD_SAMPLES = ["Café Zürich", "Hà Nội", "Đà Nẵng", "서울특별시", "ἀρχή", "Ελλάδα", "مُحَمَّد", "São Paulo", "Ångström", "Kraków", "İstanbul", "Çağlar"]


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def slug(s: str) -> str:
    out = []
    for ch in s.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        else:
            out.append("-")
    return "-".join(p for p in "".join(out).split("-") if p) or "x"


# ----------------------------------------------------------------------------- YAML emitting

def q(s) -> str:
    """A YAML double-quoted scalar (JSON string; YAML 1.2 is a JSON superset)."""
    return json.dumps(s, ensure_ascii=False)


def scalar(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return q(v)


PLAIN_OK = set("abcdefghijklmnopqrstuvwxyz0123456789-_./")


def key_scalar(k, v) -> str:
    # ids, enums and dates written plain, as a curator would
    if isinstance(v, str) and v and set(v) <= PLAIN_OK and not v[0].isdigit() and k in (
            "id", "kind", "publisher", "speaker", "via", "event", "type", "mode", "status", "role", "outcome",
            "group", "entity", "place", "source", "genre", "text", "ref", "precision", "parent"):
        return v
    if isinstance(v, str) and k in ("date", "said", "published", "updated") and v[:4].isdigit() and len(v) > 4 and not v.endswith("/"):
        return v  # 2024-09-17, 2024-09~, 2024-01/2024-02 ...
    if isinstance(v, str) and k in ("date", "said") and v.startswith(".."):
        return v
    return scalar(v)


def emit(obj, indent=0, body_style="|") -> list[str]:
    """Block-style YAML for a dict; long text 'body' as a literal/folded block."""
    pad = " " * indent
    lines: list[str] = []
    for k, v in obj.items():
        if isinstance(v, dict):
            if all(not isinstance(x, (dict, list)) for x in v.values()) and len(v) <= 3 and k in ("rights", "location", "inferred"):
                lines.append(f"{pad}{k}: {{" + ", ".join(f"{kk}: {key_scalar(kk, vv)}" for kk, vv in v.items()) + "}")
            else:
                lines.append(f"{pad}{k}:")
                lines.extend(emit(v, indent + 2, body_style))
        elif isinstance(v, list):
            if all(isinstance(x, str) for x in v) and k in ("authors", "aliases") and len(v) < 4:
                lines.append(f"{pad}{k}: [" + ", ".join(key_scalar('id', x) if k == "authors" else q(x) for x in v) + "]")
            else:
                lines.append(f"{pad}{k}:")
                for item in v:
                    if isinstance(item, dict):
                        sub = emit(item, indent + 4, body_style)
                        sub[0] = pad + "  - " + sub[0][indent + 4:]
                        lines.extend(sub)
                    else:
                        lines.append(f"{pad}  - {scalar(item)}")
        elif k == "body":
            style = body_style
            lines.append(f"{pad}{k}: {style}")
            for ln in v.split("\n"):
                lines.append((pad + "  " + ln) if ln else "")
        else:
            lines.append(f"{pad}{k}: {key_scalar(k, v)}")
    return lines


def folded_body(paras: list[str], rng) -> str:
    """A body for a '>' folded block: each paragraph wrapped onto several lines."""
    out = []
    for p in paras:
        words = p.split(" ")
        cur, wrapped = [], []
        for w in words:
            cur.append(w)
            if len(cur) > rng.randint(8, 20):
                wrapped.append(" ".join(cur))
                cur = []
        if cur:
            wrapped.append(" ".join(cur))
        out.append("\n".join(wrapped))
    return "\n\n".join(out)


# ----------------------------------------------------------------------------- entities

COUNTRIES = [("IRQ", "Iraq", "Q796", "ar"), ("SYR", "Syria", "Q858", "ar"), ("UKR", "Ukraine", "Q212", "uk"),
             ("RUS", "Russia", "Q159", "ru"), ("CHN", "China", "Q148", "zh-Hans"), ("JPN", "Japan", "Q17", "ja"),
             ("FRA", "France", "Q142", "fr"), ("DEU", "Germany", "Q183", "de"), ("BRA", "Brazil", "Q155", "pt-BR"),
             ("MEX", "Mexico", "Q96", "es-419"), ("SRB", "Serbia", "Q403", "sr-Latn"), ("VNM", "Vietnam", "Q881", "vi"),
             ("KOR", "South Korea", "Q884", "ko"), ("ISR", "Israel", "Q801", "he"), ("GRC", "Greece", "Q41", "el"),
             ("TUR", "Turkey", "Q43", "tr"), ("IND", "India", "Q668", "hi"), ("NOR", "Norway", "Q20", "no"),
             ("USA", "United States", "Q30", "en"), ("GBR", "United Kingdom", "Q145", "en"), ("YEM", "Yemen", "Q805", "ar"),
             ("SDN", "Sudan", "Q1049", "ar"), ("COD", "DR Congo", "Q974", "fr"), ("MMR", "Myanmar", "Q836", "en"),
             ("PSE", "Palestine", "Q219060", "ar")]


def make_entities(rng: random.Random, n_people: int, n_places: int, n_orgs: int, n_media: int):
    ents = []
    for code, name, wd, lang in COUNTRIES:
        ents.append({"id": slug(name), "kind": "country", "name": name, "wikidata": wd, "country": code,
                     "aliases": [rng.choice(WORDS[lang]) + " " + name]})
    countries = [e for e in ents]
    places = []
    for i in range(n_places):
        c = rng.choice(COUNTRIES)
        lang = c[3]
        local = " ".join(rng.sample(WORDS[lang], 2))
        if rng.random() < 0.2:
            local = nfd(rng.choice(NFD_SAMPLES)) + " " + local
        pid = f"{slug(c[1])}-place-{i}"
        e = {"id": pid, "kind": "place", "name": f"{c[1]} site {i}", "aliases": [local], "country": c[0],
             "parent": slug(c[1]), "lat": round(rng.uniform(-89.9, 89.9), 6), "lon": round(rng.uniform(-179.9, 179.9), 6)}
        if rng.random() < 0.5:
            e["geonames"] = rng.randint(1, 12_000_000)
        if rng.random() < 0.3:
            e["wikidata"] = f"Q{rng.randint(1, 99_999_999)}"
        if rng.random() < 0.3:
            e["description"] = f"A place in {c[1]} — {local} {rng.choice(EMOJI)}"
        if places and rng.random() < 0.15:  # sub-place of another place in the same registry
            e["parent"] = rng.choice(places)["id"]
        places.append(e)
    ents.extend(places)
    kinds = ["government", "military", "armed_group", "coalition", "igo", "company", "ngo"]
    orgs = []
    for i in range(n_orgs):
        c = rng.choice(COUNTRIES)
        kind = rng.choice(kinds)
        e = {"id": f"{kind.replace('_', '-')}-{slug(c[1])}-{i}", "kind": kind,
             "name": f"{c[1]} {kind.replace('_', ' ')} {i}", "aliases": [" ".join(rng.sample(WORDS[c[3]], 2))]}
        if kind not in ("coalition", "igo"):
            e["country"] = c[0]
        if kind in ("government", "military") and rng.random() < 0.8:
            e["parent"] = slug(c[1])
        if orgs and rng.random() < 0.3:
            e["parent"] = rng.choice(orgs)["id"]
        if rng.random() < 0.4:
            e["wikidata"] = f"Q{rng.randint(1, 99_999_999)}"
        orgs.append(e)
    ents.extend(orgs)
    media = []
    for i in range(n_media):
        c = rng.choice(COUNTRIES)
        e = {"id": f"outlet-{i}-{slug(c[1])}", "kind": "media", "name": f"{' '.join(rng.sample(WORDS[c[3]], 1))} Daily {i}",
             "country": c[0]}
        if rng.random() < 0.5:
            e["wikidata"] = f"Q{rng.randint(1, 99_999_999)}"
        media.append(e)
    ents.extend(media)
    people = []
    given = ["Мария", "Олег", "محمد", "فاطمة", "李", "王", "佐藤", "José", "Zoë", "Nguyễn", "김", "Δημήτρης", "Şükrü", "Ørjan", "אבי", "राम",
             "Dave", "Ana", "François", "Łukasz"]
    for i in range(n_people):
        g = rng.choice(given)
        if rng.random() < 0.2:
            g = nfd(g)
        surname = rng.choice(['Ivanova', 'al-Amin', 'Zhang', 'Tanaka', 'Müller', 'Silva', 'Petrović', 'Trần', 'Park', 'Cohen', 'Öztürk', 'Sharma', 'Hansen', "O’Brien"])
        name = g + " " + surname
        e = {"id": f"person-{i}-{slug(name)}", "kind": "person", "name": name}
        if rng.random() < 0.5:
            e["aliases"] = [name.split(" ")[-1]]
        if rng.random() < 0.5:
            e["country"] = rng.choice(COUNTRIES)[0]
        if rng.random() < 0.3:
            e["wikidata"] = f"Q{rng.randint(1, 99_999_999)}"
        if orgs and rng.random() < 0.3:
            e["parent"] = rng.choice(orgs + media)["id"]
        if rng.random() < 0.5:
            e["description"] = f"{rng.choice(['Spokesperson', 'Minister', 'Reporter', 'Commander'])} “quoted” – {rng.choice(EMOJI)}"
        people.append(e)
    ents.extend(people)
    return ents, countries, places, orgs, media, people


# ----------------------------------------------------------------------------- entries

EVENT_TYPES = {
    "statement": (), "demand": ("change", "yield"), "rejection": ("meet",),
    "accusation": ("allege", "disapprove", "investigate"), "threat": ("violence",), "agreement": (), "support": (),
    "negotiation": ("multilateral", "phone", "third-party", "visit"), "meeting": ("multilateral", "phone"),
    "visit": ("visit",), "withdrawal_announcement": (), "concession": (),
    "troop_withdrawal": ("withdraw",), "ceasefire": ("ceasefire",), "release": ("release",),
    "aid": (), "military_aid": (), "cooperation": (), "troop_deployment": ("troops", "police"),
    "protest": ("demo", "riot", "strike"), "sanction": ("discontinue", "expel"), "arrest": ("arrest",),
    "coercion": ("seize", "curfew", "deport"),
    "raid": ("firearms",), "airstrike": ("aerial",), "drone_strike": ("drone",), "rocket_attack": ("heavy-weapons",),
    "shelling": ("heavy-weapons",), "bombing": ("explosives",), "armed_clash": ("firearms",), "attack": ("abduct", "targeted"),
    "assassination": ("targeted",), "abduction": ("abduct",), "policy_change": (),
}
# What is still to come is coded by its verbal counterpart (codebook, rules NL316 and NL317).
FUTURE_TYPE = {
    "troop_withdrawal": "withdrawal_announcement", "ceasefire": "concession", "release": "concession",
    "aid": "agreement", "military_aid": "agreement", "cooperation": "agreement", "negotiation": "agreement",
    "meeting": "agreement", "visit": "agreement", "support": "agreement",
}
PHYSICAL = {"raid", "airstrike", "drone_strike", "rocket_attack", "shelling", "bombing", "armed_clash", "attack",
            "assassination", "abduction", "protest", "arrest", "troop_deployment", "troop_withdrawal", "ceasefire",
            "release", "military_aid", "cooperation", "meeting", "visit"}
STATUSES_PAST = ["occurred", "occurred", "occurred", "ongoing", "reported", "denied"]
STATUSES_FUTURE = ["planned", "expected", "announced"]
GENRES = ["news", "news", "analysis", "opinion", "interview", "press_release", "transcript"]
CITE_KINDS = ["interview", "report", "statement", "press_release", "social_media", "document", "other"]
PRECISIONS = ["exact", "site", "locality", "admin2", "admin1", "border", "country", "region", "international"]
OUTCOMES = ["killed", "wounded", "captured", "missing", "abducted", "arrested", "displaced"]
ROLES = ["initiator", "target", "participant", "mediator", "supporter", "observer"]


def sentence(rng, lang, n=None, unique="") -> str:
    n = n or rng.randint(8, 22)
    ws = [rng.choice(WORDS[lang]) for _ in range(n)]
    if lang in ("zh-Hans", "ja"):
        s = "".join(ws)
    else:
        s = " ".join(ws)
        s = s[0].upper() + s[1:]
    if rng.random() < 0.15:
        s += " " + rng.choice(EMOJI)
    if rng.random() < 0.2:
        s += " — " + nfd(rng.choice(NFD_SAMPLES)) if rng.random() < 0.5 else " – " + rng.choice(NFD_SAMPLES)
    if unique:
        s += " " + unique
    return s + STOP.get(lang, ".")


def variant(rng, s: str) -> str:
    """A different but fold-equivalent rendering of s (what a curator pastes)."""
    t = s
    choice = rng.random()
    if choice < 0.2:
        t = unicodedata.normalize("NFC", t)
    elif choice < 0.4:
        t = nfd(t)
    t = t.replace("’", "'") if rng.random() < 0.5 else t
    t = t.replace("—", "-").replace("–", "-") if rng.random() < 0.5 else t
    t = t.replace("…", "...") if rng.random() < 0.5 else t
    t = t.replace("«", '"').replace("»", '"').replace("“", '"').replace("”", '"').replace("„", '"') if rng.random() < 0.3 else t
    if rng.random() < 0.2 and " " in t:
        i = t.index(" ")
        t = t[:i] + "  " + t[i + 1:]
    return t


def day_str(d: date) -> str:
    return d.isoformat()


def past_edtf(rng, pub: date) -> str:
    """An EDTF value whose earliest day is on or before pub."""
    d = pub - timedelta(days=rng.randint(0, 400))
    r = rng.randrange(14)
    if r == 0:
        return day_str(d)
    if r == 1:
        return d.strftime("%Y-%m")
    if r == 2:
        return f"{d.year}?"
    if r == 3:
        return f"{d:%Y-%m}~"
    if r == 4:
        return f"{d:%Y-%m}-XX"
    if r == 5:
        return f"{str(d.year)[:3]}X"
    if r == 6:
        return f"../{day_str(pub)}"
    if r == 7:
        return f"{day_str(d)}/{day_str(pub)}"
    if r == 8:
        return f"{d:%Y-%m}/.."
    if r == 9:
        return f"/{d:%Y-%m}"
    if r == 10:
        return f"{d:%Y-%m}/"
    if r == 11:
        return f"{d.year}%"
    if r == 12:
        return f"{d:%Y}-XX"
    return f"{day_str(d)}~"


def future_edtf(rng, pub: date) -> str:
    d = pub + timedelta(days=rng.randint(1, 900))
    return rng.choice([day_str(d), d.strftime("%Y-%m"), f"../{d:%Y-%m}", f"{d.year}~", f"{day_str(pub)}/{day_str(d)}"])


class Gen:
    def __init__(self, seed: int, n: int, variant_k: int = 0):
        self.rng = random.Random(seed)
        self.n = n
        self.variant_k = variant_k
        rng = self.rng
        scale = max(1, n // 200)
        self.entities, self.countries, self.places, self.orgs, self.media, self.people = make_entities(
            rng, n_people=60 * scale, n_places=20 * scale, n_orgs=15 * scale, n_media=8 + 2 * scale)
        self.event_pool: list[tuple[str, date]] = []  # (event id, pub date of defining entry)
        self.hub_events: list[str] = []
        self.used_ids: set[str] = set()
        self.urls: set[str] = set()

    def speaker(self):
        return self.rng.choice(self.people + self.orgs + self.media)

    def entry(self, i: int):
        rng = self.rng
        year = 1990 + (i * 37) % 36  # 1990..2025: many year directories
        pub = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
        lang = rng.choice(LANGS)
        pubm = rng.choice(self.media)
        shape = rng.random()
        minimal = shape < 0.08
        heavy = 0.08 <= shape < 0.16
        aid = f"{pubm['id'].split('-')[1]}-{pub:%Y-%m-%d}-{i}-{slug(rng.choice(WORDS['en']))}"
        if rng.random() < 0.5:
            published = day_str(pub)
        else:
            off = rng.choice(["Z", "+00:00", "-05:00", "+09:00", "+05:30", "-03:30"])
            frac = rng.choice(["", ".5", ".123456"])
            published = f"{day_str(pub)}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}{frac}{off}"
        host = rng.choice(["news.example.com", "www.example.org", "пример.рф", "example.co.jp", "أخبار.example"])
        path = rng.choice([f"{pub:%Y/%m/%d}/{aid}", f"{pub:%Y}/статья-{i}", f"{pub:%Y}/記事-{i}", f"a/{i}?id={i}&lang={lang}", f"story/{i}/"])
        url = f"https://{host}/{path}"
        body_paras: list[str] = []
        # base paragraphs
        target = rng.randint(20_000, 60_000) if heavy else rng.randint(600, 5000)
        if minimal:
            target = rng.randint(80, 800)
        sentences: list[str] = []
        while sum(len(p) for p in body_paras) < target:
            para = [sentence(rng, lang, unique=str(rng.randint(0, 10**6))) for _ in range(rng.randint(1, 6))]
            sentences.extend(para)
            body_paras.append(" ".join(para))
        nfd_body = rng.random() < 0.15
        quotes, events = [], []
        article = {"id": aid, "url": url, "publisher": pubm["id"]}
        if not minimal:
            article["authors"] = [a["id"] for a in rng.sample(self.people, rng.randint(1, 3))]
            if rng.random() < 0.3:
                article["authors"].append(pubm["id"])  # media as author (allowed)
        article["headline"] = sentence(rng, lang, n=rng.randint(4, 10))[:-1] + (": " + rng.choice(EMOJI) if rng.random() < 0.2 else "")
        if rng.random() < 0.6:
            article["subheadline"] = sentence(rng, lang, n=6)
        article["published"] = published
        if rng.random() < 0.3:
            article["updated"] = day_str(pub + timedelta(days=rng.randint(0, 20)))
        article["language"] = lang
        article["genre"] = rng.choice(GENRES)
        if rng.random() < 0.4:
            article["rights"] = {"text": "redistributable", "license": rng.choice(["CC-BY-4.0", "CC0-1.0", "https://example.org/licence"]),
                                 "note": "Granted by the publisher — “see footer”."}
        else:
            article["rights"] = {"text": "withheld"}
        if not minimal:
            cites = []
            for _ in range(rng.randint(0, 5)):
                c = {"source": rng.choice(self.media + self.orgs + self.people)["id"], "kind": rng.choice(CITE_KINDS)}
                if rng.random() < 0.6:
                    c["date"] = past_edtf(rng, pub)
                    if rng.random() < 0.5:
                        c["inferred"] = {"date": "year taken from the publication date"}
                if rng.random() < 0.4:
                    c["url"] = f"https://source.example.net/{i}/{rng.randint(0, 999)}"
                if rng.random() < 0.5:
                    c["note"] = sentence(rng, lang, n=5)
                cites.append(c)
            if cites:
                article["cites"] = cites
            if rng.random() < 0.3:
                article["archive_url"] = f"https://web.archive.org/web/{pub:%Y%m%d}000000/{url}"

        # quotes and events, inserting their sentences into the body
        nq = 0 if minimal else (rng.randint(10, 30) if heavy else rng.randint(0, 5))
        ne = 0 if minimal else (rng.randint(10, 20) if heavy else rng.randint(1, 4))
        qo, qc = QMARKS[lang]
        inserted: list[str] = []
        for k in range(ne):
            eid = f"{pub:%Y-%m-%d}-ev-{i}-{k}"
            if self.variant_k and i % 97 == 5 and k == 0:
                eid += "-v"  # the "slightly different" corpus renames some events
            typ = rng.choice(list(EVENT_TYPES))
            future = rng.random() < 0.2
            if future:
                typ = FUTURE_TYPE.get(typ, typ)
            status = rng.choice(STATUSES_FUTURE if future else STATUSES_PAST)
            ev_sent = sentence(rng, lang, unique=f"E{i}x{k}")
            inserted.append(ev_sent)
            ev = {"id": eid, "type": typ}
            if EVENT_TYPES[typ] and rng.random() < 0.4:
                ev["mode"] = rng.choice(EVENT_TYPES[typ])
            ev["status"] = status
            ev["date"] = future_edtf(rng, pub) if future else past_edtf(rng, pub)
            inferred = {}
            if rng.random() < 0.3:
                inferred["date"] = "year taken from the article's publication date"
            if typ in PHYSICAL or rng.random() < 0.5:
                place = rng.choice(self.places)
                loc = {"country": place["country"], "place": place["id"], "name": place["aliases"][0],
                       "precision": rng.choice(PRECISIONS)}
                if rng.random() < 0.5:
                    loc["admin1"] = rng.choice(WORDS[lang])
                if rng.random() < 0.5:
                    loc["lat"], loc["lon"] = place["lat"], place["lon"]
                if rng.random() < 0.2:
                    loc = {"country": rng.choice(COUNTRIES)[0], "precision": "country"}
                ev["location"] = loc
                if rng.random() < 0.2:
                    inferred["location"] = "the text names the town only"
            acts = rng.sample(self.people + self.orgs + self.countries + self.media, rng.randint(1, 4))
            ev["actors"] = [{"entity": a["id"], "role": rng.choice(ROLES)} for a in acts]
            if typ in PHYSICAL and rng.random() < 0.6:
                cas = []
                for _ in range(rng.randint(1, 3)):
                    lo = rng.randint(0, 50)
                    c = {"outcome": rng.choice(OUTCOMES)}
                    r = rng.random()
                    if r < 0.4:
                        c.update(low=lo, best=lo + rng.randint(0, 20), high=lo + rng.randint(20, 100))
                    elif r < 0.7:
                        c["best"] = rng.randint(1, 100_000_000)
                    else:
                        c.update(low=lo, high=lo + rng.randint(0, 9))
                    if rng.random() < 0.5:
                        c["group"] = rng.choice(self.orgs + self.countries)["id"]
                    if rng.random() < 0.5:
                        c["description"] = sentence(rng, lang, n=4)
                    cas.append(c)
                ev["casualties"] = cas
            ev["summary"] = sentence(rng, lang, n=rng.randint(6, 16))
            ev["evidence"] = [variant(rng, ev_sent)] + ([variant(rng, rng.choice(sentences))] if rng.random() < 0.4 else [])
            if inferred:
                ev["inferred"] = inferred
            events.append(ev)
            if not future:
                self.event_pool.append((eid, pub))
        # refs: to earlier-defined events (chains: an event defined in an entry that itself refs)
        if not minimal and self.event_pool and rng.random() < 0.5:
            nref = rng.randint(1, 8 if heavy else 3)
            targets = set()
            # NL409 (added after this generator was written): only events whose defining
            # article was published no later than this one.
            when = dict(self.event_pool)
            hubs = [h for h in self.hub_events if h in when and when[h] <= pub]
            pool = [e for e, p in self.event_pool if p <= pub]
            for _ in range(nref):
                if hubs and rng.random() < 0.5:
                    targets.add(rng.choice(hubs))
                elif pool:
                    targets.add(rng.choice(pool))
            own = {e["id"] for e in events}
            for t in sorted(targets - own):
                s = sentence(rng, lang, unique=f"R{i}{t[-6:]}")
                inserted.append(s)
                r = {"ref": t, "evidence": [variant(rng, s)]}
                if rng.random() < 0.4:
                    r["note"] = sentence(rng, lang, n=6)
                events.append(r)
        if len(self.hub_events) < 20 and events and "id" in events[0] and events[0]["status"] in ("occurred", "ongoing"):
            self.hub_events.append(events[0]["id"])
        event_keys = [e.get("id") or e.get("ref") for e in events]
        for k in range(nq):
            spk = self.speaker()
            kind = rng.choice(["direct", "direct", "partial", "paraphrase"])
            qtext = sentence(rng, lang, unique=f"Q{i}x{k}")
            if rng.random() < 0.3:
                qtext = qtext[:-1] + " — it’s “clear” … " + rng.choice(EMOJI) + STOP.get(lang, ".")
            quote = {"id": f"q{k + 1}", "speaker": spk["id"]}
            if rng.random() < 0.5:
                quote["speaker_role"] = rng.choice(["Spokesperson", "Министр", "المتحدث", "報道官"])
            quote["kind"] = kind
            if rng.random() < 0.3:
                quote["via"] = rng.choice(self.media)["id"]
            qinf = {}
            if kind == "direct" or rng.random() < 0.5:
                quote["said"] = past_edtf(rng, pub)
                if rng.random() < 0.4:
                    qinf["said"] = "on or before publication"
            if event_keys and rng.random() < 0.5:
                quote["event"] = rng.choice(event_keys)
            if kind == "direct":
                inserted.append(f"{qo}{qtext}{qc} {spk['name']} {SAID[lang]}{STOP.get(lang, '.')}")
                quote["text"] = variant(rng, qtext)
            elif kind == "partial":
                words = qtext.split(" ") if " " in qtext else list(qtext)
                phrase = (" " if " " in qtext else "").join(words[1:4])
                inserted.append(f"{spk['name']} {SAID[lang]} {qo}{phrase}{qc} {sentence(rng, lang, n=4)}")
                quote["text"] = variant(rng, phrase)
            else:
                quote["text"] = sentence(rng, lang, n=8)
            if qinf:
                quote["inferred"] = qinf
            quotes.append(quote)
        # place inserted sentences at random paragraph positions
        for s in inserted:
            j = rng.randrange(len(body_paras) + 1)
            if j < len(body_paras) and rng.random() < 0.7:
                body_paras[j] = body_paras[j] + " " + s
            else:
                body_paras.insert(j, s)
        if nfd_body:
            body_paras = [nfd(p) for p in body_paras]
        # NBSP before some punctuation, as French typography does
        if lang == "fr":
            body_paras = [p.replace(" »", "\u00a0»").replace("« ", "«\u00a0") for p in body_paras]
        style = "|"
        r = rng.random()
        if r < 0.1:
            style = ">"
            body = folded_body(body_paras, rng) + "\n"
        elif r < 0.2:
            style = "|-"
            body = "\n\n".join(body_paras)
        else:
            body = "\n\n".join(body_paras) + "\n"
        article["body"] = body
        entry = {"schema_version": "1.1", "article": article}
        if quotes:
            entry["quotes"] = quotes
        if events:
            entry["events"] = events
        return aid, pub, entry, style

    def used_entity_ids(self, entries) -> set[str]:
        used = set()
        for e in entries:
            a = e["article"]
            used.add(a["publisher"])
            used.update(a.get("authors", []))
            used.update(c["source"] for c in a.get("cites", []))
            for qq in e.get("quotes", []):
                used.add(qq["speaker"])
                if "via" in qq:
                    used.add(qq["via"])
            for ev in e.get("events", []):
                if "ref" in ev:
                    continue
                used.update(x["entity"] for x in ev.get("actors", []))
                used.update(c["group"] for c in ev.get("casualties", []) if "group" in c)
                if ev.get("location", {}).get("place"):
                    used.add(ev["location"]["place"])
        return used


def write(outdir: str, n: int, seed: int, variant_k: int) -> None:
    if os.path.exists(outdir):
        shutil.rmtree(outdir)
    g = Gen(seed, n, variant_k)
    entries = []
    for i in range(n):
        entries.append(g.entry(i))
    # prune entities nobody uses (NL501) until stable; countries exempt
    ents = g.entities
    used = g.used_entity_ids([e for _, _, e, _ in entries])
    while True:
        parents = {e.get("parent") for e in ents if e.get("parent")}
        keep = [e for e in ents if e["kind"] == "country" or e["id"] in used or e["id"] in parents]
        if len(keep) == len(ents):
            break
        ents = keep
    os.makedirs(f"{outdir}/entities")
    os.makedirs(f"{outdir}/articles")
    # one-entity files for media and a third of people; everything else in one big file
    singles = [e for e in ents if e["kind"] == "media"] + [e for e in ents if e["kind"] == "person"][::3]
    single_ids = {e["id"] for e in singles}
    big = [e for e in ents if e["id"] not in single_ids]
    for e in singles:
        with open(f"{outdir}/entities/{e['id']}.yaml", "w", encoding="utf-8") as f:
            sub = emit(e, 2)
            sub[0] = "- " + sub[0][2:]
            f.write("# one entity\n" + "\n".join(sub) + "\n")
    with open(f"{outdir}/entities/registry.yaml", "w", encoding="utf-8") as f:
        for e in big:
            if g.rng.random() < 0.3:  # flow style, as some curators write
                f.write("- {" + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in e.items()) + "}\n")
            else:
                sub = emit(e, 2)
                sub[0] = "- " + sub[0][2:]
                f.write("\n".join(sub) + "\n")
    for aid, pub, entry, style in entries:
        d = f"{outdir}/articles/{pub.year}"
        os.makedirs(d, exist_ok=True)
        with open(f"{d}/{aid}.yaml", "w", encoding="utf-8") as f:
            if g.rng.random() < 0.02:
                f.write(json.dumps(entry, ensure_ascii=False, indent=1) + "\n")  # JSON is YAML 1.2
            else:
                f.write("# generated by benchmarks/independent.py\n" + "\n".join(emit(entry, 0, style)) + "\n")
    print(f"{n} entries, {len(ents)} entities ({len(singles)} single-entity files)", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(description="Write an independent benchmark corpus (not generate.py's shapes).")
    p.add_argument("out", help="dataset directory to write (replaced if it exists)")
    p.add_argument("entries", type=int, help="number of entries")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--variant", type=int, default=0)
    args = p.parse_args(argv)
    write(args.out, args.entries, args.seed, args.variant)
    return 0


if __name__ == "__main__":
    sys.exit(main())
