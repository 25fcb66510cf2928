"""A corpus of hostile and odd inputs for the bot, written for these tests: empty, invisible,
oversized, malformed and non-English messages, pasted and forwarded stories with absurd numbers
and impossible dates, and commands with missing, huge or garbage arguments.

Each `Hostile` says how it reaches the bot (`via`), what kind of trouble it is (`label`), and what
the bot must do with it: a reply whose plain text matches `expect`, or silence (`expect` None);
`stores=False` marks inputs that must never become an article.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import docx

from tests.files import repeated_runs, shared_content_pdf, with_part

# How an input reaches the bot.
PASTE = "paste"  # text in a private chat
GROUP_TEXT = "group text"  # ordinary text in the newsroom group
FORWARD = "forward"  # a channel post forwarded in a private chat
GROUP_FORWARD = "group forward"  # the same, in the group (the bot sees forwards there)
USER_FORWARD = "user forward"  # forwarded from a person's message
CAPTION = "caption"  # a channel photo post with a caption, forwarded
MEDIA = "media"  # a channel post with no words at all (photo, sticker, ...), forwarded
COMMAND = "command"  # a command in a private chat
GROUP_COMMAND = "group command"  # a command in the group, from an admin
EDITED = "edited"  # an edited message (a paste or a command changed afterwards)
LINK = "link"  # a bare link in a private chat (Telegram marks it as a url entity)
FILE = "file"  # a document in a private chat: `text` is its name, `file` makes its bytes

# What a reply says, by kind of input.
RECEIPT = r"^(Stored as #\d+ \(|Already stored as #\d+ \(|There is no text in that )"
NO_TEXT = r"^There is no text in that "
NOT_A_STORY = r"^Forward me a story, send a link or a file"
UNKNOWN = r"^I don't know /"
TOO_LONG = r"^That argument is too long\."
HELP = r"^I read the stories you forward me"
BAD_LINK = r"^Couldn't read that link: .+\. Nothing stored\.$"
CUT_SHORT = r"^Stored as #\d+ \([^\n]*\nOnly the first 100,000 of [\d,]+ characters were read\.\n"


@dataclass(frozen=True)
class Hostile:
    label: str
    via: str
    text: str
    expect: str | None  # a regex the reply's plain text matches; None: the bot stays silent
    stores: bool | None = None  # False: must not store an article; None: either way
    media: str | None = None  # for MEDIA and CAPTION: the kind of attachment
    file: Callable[[], bytes] | None = None  # for FILE: the file's bytes, made when sent


# -- pieces ------------------------------------------------------------------------------------

ZW = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width space, non-joiner, joiner, word joiner, BOM
RLO, PDF, LRM, RLM = "\u202e", "\u202c", "\u200e", "\u200f"
CONTROLS = "".join(chr(c) for c in range(32) if chr(c) not in "\n\t\r")
EMOJI = "🔥💥😭🇺🇦👨‍👩‍👧‍👦🕊️❤️‍🩹"

STRIKE = (
    "KHARKIV, Ukraine (Reuters) - {toll} when a Russian missile hit an apartment block in the "
    "city's Kyivskyi district on {day}, regional governor Oleh Syniehubov said. Rescuers worked "
    "through the night to reach people trapped under the rubble, and volunteers brought water "
    "and blankets to families who had lost their homes. {quote} Mayor Ihor Terekhov said the "
    "city would rebuild the block before winter and asked residents to stay in shelters."
)
SHOOTING = (
    "DAYTON, Ohio (AP) - {toll} in a shooting outside a bar in the Oregon District early on "
    "{day}, police said. Officers arrived within a minute and the suspect was detained at the "
    "scene, Police Chief Richard Biehl told reporters at a news conference. {quote} The city "
    "council scheduled a vigil for the victims and said counselors would be available at the "
    "public library for anyone who needed to talk about what happened."
)
FLOOD = (
    "DHAKA (AFP) - {toll} after days of monsoon rain flooded villages across the north of the "
    "country, officials said on {day}. Army boats ferried stranded families to relief camps and "
    "aid workers warned that clean water was running short. {quote} Bangladesh's disaster "
    "management ministry said it would publish a full list of affected districts by the end "
    "of the week once the waters had receded from the main roads."
)
PLAIN_QUOTE = '"We will not stop until everyone is found," said Oleksandr Kovalenko, a rescuer.'


def story(template: str, toll: str, day: str = "Thursday", quote: str = PLAIN_QUOTE) -> str:
    return template.format(toll=toll, day=day, quote=quote)


UKRAINIAN = (
    "КИЇВ — Унаслідок ракетного удару по житловому будинку в Шевченківському районі столиці "
    "загинули щонайменше 12 людей, ще 90 отримали поранення, повідомив у четвер міський голова "
    "Віталій Кличко. Рятувальники всю ніч розбирали завали багатоповерхівки, а волонтери "
    "роздавали воду та ковдри мешканцям, які втратили житло. «Ми не зупинимося, доки не "
    "знайдемо всіх», — сказав речник Державної служби з надзвичайних ситуацій. Місцева влада "
    "оголосила у місті день жалоби та пообіцяла допомогу родинам загиблих. Школи та дитячі "
    "садки поблизу місця удару у п'ятницю не працюватимуть, повідомили в міській адміністрації."
)
RUSSIAN = (
    "МОСКВА — В результате пожара на складе в промышленной зоне на юго-востоке города погибли "
    "не менее семи человек, ещё 15 пострадали, сообщили в среду в городском управлении МЧС. "
    "Пожарные расчёты боролись с огнём почти шесть часов, а жителей соседних домов временно "
    "эвакуировали в здание школы. «Причины возгорания устанавливаются, возбуждено уголовное "
    "дело», — заявил представитель следственного комитета. Власти пообещали выплатить "
    "компенсации семьям погибших и проверить все склады района до конца месяца, добавили в "
    "мэрии. Движение по соседним улицам было перекрыто до вечера."
)
ARABIC = (
    "بيروت (رويترز) - قُتل ما لا يقل عن 12 شخصاً وأصيب 90 آخرون في غارة جوية استهدفت مبنى "
    "سكنياً في الضاحية الجنوبية للعاصمة اللبنانية يوم الخميس، وفقاً لما أعلنته وزارة الصحة. "
    "وعملت فرق الإنقاذ طوال الليل لانتشال العالقين تحت الأنقاض، بينما وزع متطوعون المياه "
    "والبطانيات على العائلات التي فقدت منازلها. وقال رئيس البلدية للصحفيين: «لن نتوقف حتى نجد "
    "الجميع». وأعلنت السلطات المحلية الحداد العام وأغلقت المدارس القريبة من موقع الغارة حتى "
    "نهاية الأسبوع، وطالبت السكان بالابتعاد عن المباني المتضررة."
)

ABSURD_TOLLS = [
    "10^100 people were killed",
    "-5 people were wounded and 3 were killed",
    "999999999999999999999 people were killed",
    "1e9 people were killed",
    "The strike killed 3.5 people",
    "9,223,372,036,854,775,808 people were killed",
    "9223372036854775807 people died",
    "10,000,001 people were killed",
    "99 million people were killed",
    "One billion people were killed",
    "a trillion people were killed",
    "nine hundred ninety-nine trillion people died",
    "NaN people were killed",
    "Infinity people were killed",
    "∞ people were killed",
    "\u22125 people were killed",  # a minus sign, not a hyphen
    "0 people were killed and -1 were injured",
    "1/2 of a person was killed",
    "0x7FFFFFFF people were killed",
    "12 people were killed and 9,999,999,999 were wounded",
    "9,000,000 men, 9,000,000 women and 9,000,000 children were killed",
    "9.9 million people were killed and 9.9 million were injured",
    "dozens of dozens of dozens of people were killed",
    "１２ people were killed",  # full-width digits
    "١٢ people were killed",  # Arabic-Indic digits
    "At least 12 people were killed, 90 injured, and 5,000,000,000 missing",
]
IMPOSSIBLE_DAYS = [
    "32 March",
    "February 30, 2025",
    "the 0th of May",
    "April 31",
    "13/13/2025",
    "2025-02-29",
    "the 99th of Smarch",
    "Thursday, 31 June 2025",
    "0000-00-00",
    "9999-12-31",
    "year 10000",
    "-44 BC",
]
BAD_QUOTES = [
    '"We will not stop until everyone is found, said a rescuer.',
    'We will not stop until everyone is found," said a rescuer.',
    '“We will not stop until everyone is found," said a rescuer’s',
    "«We will not stop until everyone is found“ said a rescuer.",
    "'''''\"\"\"“”„‟‹›«»「」『』",
    '"She said "he said "they said" " " nothing," the mayor said.',
    "“” “” said the mayor, “”",
    '„Wir geben nicht auf“, sagte der Bürgermeister, "and neither will we',
]


# -- the corpus --------------------------------------------------------------------------------


def _pastes() -> list[Hostile]:
    cases = [
        Hostile("empty", PASTE, "", None, stores=False),
        Hostile("whitespace", PASTE, " ", NOT_A_STORY, stores=False),
        Hostile("whitespace", PASTE, "\n\n\t\n", NOT_A_STORY, stores=False),
        Hostile("whitespace", PASTE, "\u3000\u2003\u00a0", NOT_A_STORY, stores=False),
        Hostile("whitespace", PASTE, " \n" * 400, NOT_A_STORY, stores=False),
        Hostile("emoji", PASTE, "🔥", NOT_A_STORY, stores=False),
        Hostile("emoji", PASTE, EMOJI * 3, NOT_A_STORY, stores=False),
        Hostile("emoji", PASTE, EMOJI * 60, NO_TEXT, stores=False),
        Hostile("emoji", PASTE, "💥 " * 400, NO_TEXT, stores=False),
        Hostile("zero-width", PASTE, ZW, NOT_A_STORY, stores=False),
        Hostile("zero-width", PASTE, ZW * 100, NO_TEXT, stores=False),
        Hostile("control", PASTE, CONTROLS, NOT_A_STORY, stores=False),
        Hostile("control", PASTE, "\x00" * 400, NO_TEXT, stores=False),
        Hostile("control", PASTE, CONTROLS * 20, NO_TEXT, stores=False),
        Hostile("control", PASTE, "\x1b[31mred alert\x1b[0m", NOT_A_STORY, stores=False),
        Hostile("rtl", PASTE, RLO + "stroper laicifo", NOT_A_STORY, stores=False),
        Hostile("rtl", PASTE, (RLO + LRM + RLM + PDF) * 100, NO_TEXT, stores=False),
        Hostile("rtl", PASTE, "مرحبا، هل يمكنك المساعدة؟", NOT_A_STORY, stores=False),
        Hostile("html", PASTE, "<b>", NOT_A_STORY, stores=False),
        Hostile("html", PASTE, "<script>alert(1)</script>", NOT_A_STORY, stores=False),
        Hostile("html", PASTE, "&amp; &lt; &#0; &#x110000; &bogus;", NOT_A_STORY, stores=False),
        Hostile("html", PASTE, '<a href="javascript:alert(1)">x</a>', NOT_A_STORY, stores=False),
        Hostile("markdown", PASTE, "*_[", NOT_A_STORY, stores=False),
        Hostile("markdown", PASTE, "**bold** __it__ [link](http://x) `code` ```", NOT_A_STORY),
        Hostile("sql", PASTE, "'; DROP TABLE article; --", NOT_A_STORY, stores=False),
        Hostile("sql", PASTE, "1 OR 1=1", NOT_A_STORY, stores=False),
        Hostile("sql", PASTE, "%' UNION SELECT text FROM article --", NOT_A_STORY, stores=False),
        Hostile("quotes", PASTE, '"', NOT_A_STORY, stores=False),
        Hostile("quotes", PASTE, "“„«‹'\"", NOT_A_STORY, stores=False),
        Hostile("number", PASTE, "10^100 killed", NOT_A_STORY, stores=False),
        Hostile("number", PASTE, "-5 wounded", NOT_A_STORY, stores=False),
        Hostile("number", PASTE, "999999999999999999999 dead", NOT_A_STORY, stores=False),
        Hostile("date", PASTE, "32 March", NOT_A_STORY, stores=False),
        Hostile("short", PASTE, "hello?", NOT_A_STORY, stores=False),
        Hostile("short", PASTE, "Kyiv", NOT_A_STORY, stores=False),
        Hostile("command-like", PASTE, " /help", NOT_A_STORY, stores=False),
        Hostile("command-like", PASTE, "\\/casualties Kyiv", NOT_A_STORY, stores=False),
        Hostile("link-like", PASTE, "javascript:alert(1) tg://resolve?domain=x", NOT_A_STORY),
        # Long enough to be read as a story, but not one.
        Hostile("garbage", PASTE, "asdf " * 80, RECEIPT),
        Hostile("garbage", PASTE, "a" * 400, RECEIPT),
        Hostile("garbage", PASTE, "<b>" * 150, RECEIPT),
        Hostile("garbage", PASTE, "*_[" * 150, NO_TEXT, stores=False),
        Hostile("garbage", PASTE, "&" * 400, NO_TEXT, stores=False),
        Hostile("sql", PASTE, "'; DROP TABLE article; -- " * 20, RECEIPT),
        Hostile("numbers", PASTE, " ".join(str(10**i) for i in range(60)), RECEIPT),
    ]
    for i, toll in enumerate(ABSURD_TOLLS):
        template = (STRIKE, SHOOTING, FLOOD)[i % 3]
        cases.append(Hostile("absurd number", PASTE, story(template, toll), RECEIPT))
    for i, day in enumerate(IMPOSSIBLE_DAYS):
        template = (SHOOTING, FLOOD, STRIKE)[i % 3]
        toll = "Three people were killed and 11 were wounded"
        cases.append(Hostile("impossible date", PASTE, story(template, toll, day), RECEIPT))
    for i, quote in enumerate(BAD_QUOTES):
        template = (FLOOD, STRIKE, SHOOTING)[i % 3]
        toll = "At least 40 people were killed"
        cases.append(Hostile("quote marks", PASTE, story(template, toll, quote=quote), RECEIPT))
    base = story(STRIKE, "At least 14 people were killed and 60 wounded")
    cases += [
        Hostile("non-english", PASTE, UKRAINIAN, RECEIPT),
        Hostile("non-english", PASTE, RUSSIAN, RECEIPT),
        Hostile("non-english", PASTE, ARABIC, RECEIPT),
        Hostile("non-english", PASTE, UKRAINIAN + "\n\n" + base, RECEIPT),
        Hostile("rtl", PASTE, RLO + base, RECEIPT),
        Hostile("rtl", PASTE, base.replace(" ", " " + RLO, 30), RECEIPT),
        Hostile("rtl", PASTE, ARABIC[:120] + " " + base, RECEIPT),
        Hostile("zero-width", PASTE, base.replace("Rescuers", "Res\u200bcuers"), RECEIPT),
        Hostile("zero-width", PASTE, "\u200d".join(base.split(" ")), RECEIPT),
        Hostile("zero-width", PASTE, "\ufeff" + base + "\u2060", RECEIPT),
        Hostile("control", PASTE, base.replace(". ", ".\x00 "), RECEIPT),
        Hostile("control", PASTE, base.replace("Oleh", "Ol\x07eh\x1b"), RECEIPT),
        Hostile("control", PASTE, "\x00".join(base[:400]), RECEIPT),
        Hostile("control", PASTE, base.replace(" ", "\x0b", 20), RECEIPT),
        Hostile("control", PASTE, base.replace("\n", "\r").replace(". ", ".\r\n\x85"), RECEIPT),
        Hostile("html", PASTE, "<script>alert('x')</script>\n" + base, RECEIPT),
        Hostile("html", PASTE, base.replace("Oleh Syniehubov", "<b>Oleh Syniehubov"), RECEIPT),
        Hostile("html", PASTE, base.replace("and", "&amp;").replace("the", "&lt;i&gt;"), RECEIPT),
        Hostile("html", PASTE, base.replace('"We', '"<i>We</i> <a href="x">'), RECEIPT),
        Hostile("markdown", PASTE, base.replace(" ", " *_[", 25), RECEIPT),
        Hostile("markdown", PASTE, "# Breaking\n\n**" + base + "**\n\n---\n> quoted", RECEIPT),
        Hostile("sql", PASTE, base.replace("Oleh", "Robert'); DROP TABLE quote;--"), RECEIPT),
        Hostile("huge", PASTE, (base + "\n\n") * (100_000 // (len(base) + 2) + 1), RECEIPT),
        Hostile("huge", PASTE, "a" * 100_000, RECEIPT),
        Hostile("huge", PASTE, "🔥" * 100_000, NO_TEXT, stores=False),
        Hostile("huge", PASTE, ("killed " + "9" * 30 + " ") * 2_500, RECEIPT),
        # Inputs that once froze the process (a dateline pattern that backtracked without
        # end) or took most of a minute (a quadratic check between two quotes).
        Hostile("backtracking", PASTE, "KYIV" + ",A." * 40 + " said the mayor. " * 20, RECEIPT),
        Hostile("backtracking", PASTE, "KYIV" + ",A." * 1_300, RECEIPT),
        Hostile("backtracking", PASTE, "KYIV/" * 800 + " (Reuters) - " + base, RECEIPT),
        Hostile("backtracking", PASTE, '"Yes," "no," ' * 300 + base, RECEIPT),
        Hostile("backtracking", PASTE, ('"' + "word " * 40 + '" and ') * 80, RECEIPT),
    ]
    return cases


def _links() -> list[Hostile]:
    """Links whose address is broken: a short reason, nothing fetched or stored."""
    addresses = [
        "http://bücher..example/story",  # an empty label
        "http://xn--zz.example/story",  # not punycode
        "http://١٢٣.example/story",  # breaks IDNA's rule for right-to-left labels
        "http://💥.example/story",  # no letters IDNA allows
        "http://" + "a" * 64 + ".example/story",  # a label over 63 characters
        "http://example.com:0/story",
        "http://example.com:99999/story",
        "http://[::1/story",
    ]
    return [Hostile("bad link", LINK, url, BAD_LINK, stores=False) for url in addresses]


def _word_file() -> bytes:
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def _refused(name: str, why: str) -> str:
    return rf"^Couldn't read {re.escape(name)}: {re.escape(why)}\. Nothing stored\.$"


def _files() -> list[Hostile]:
    """Files that once cost minutes and gigabytes: refused unread, or read to the text cap."""
    too_large = "the file is too large to read safely"
    # Text positioning without text, 2.5 MB of it under each of 500 pages, in 3 KB.
    moves = b"BT " + b"1 0 Td\n" * (2_500_000 // 7) + b"ET\n"
    feature = "\n".join(story(FLOOD, f"{n} people died") for n in range(2_500))  # 1.1M chars
    return [
        Hostile(
            "file bomb",
            FILE,
            "runs.docx",  # 0.7 MB; document.xml of 190 MB
            _refused("runs.docx", too_large),
            stores=False,
            file=lambda: with_part(_word_file(), "word/document.xml", repeated_runs(190)),
        ),
        Hostile(
            "file bomb",
            FILE,
            "zeros.docx",  # a 50 MB picture of zeros in 50 KB
            _refused("zeros.docx", too_large),
            stores=False,
            file=lambda: with_part(
                _word_file(), "word/media/image1.png", iter([b"\x00" * 50_000_000])
            ),
        ),
        Hostile(
            "file bomb",
            FILE,
            "shared.pdf",
            _refused("shared.pdf", "its pages are too large to read safely"),
            stores=False,
            file=lambda: shared_content_pdf(moves, pages=500),
        ),
        Hostile("long file", FILE, "feature.txt", CUT_SHORT, file=feature.encode),
    ]


def _forwards() -> list[Hostile]:
    base = story(SHOOTING, "Two people were killed and six were wounded")
    cases = [
        Hostile("whitespace", FORWARD, " \n ", NO_TEXT, stores=False),
        Hostile("emoji", FORWARD, "🔥", NO_TEXT, stores=False),
        Hostile("emoji", FORWARD, EMOJI, NO_TEXT, stores=False),
        Hostile("zero-width", FORWARD, ZW, NO_TEXT, stores=False),
        Hostile("control", FORWARD, "\x00\x01\x02", NO_TEXT, stores=False),
        Hostile("rtl", FORWARD, RLO + PDF, NO_TEXT, stores=False),
        Hostile("html", FORWARD, "<b>", RECEIPT),
        Hostile("html", FORWARD, "<b>unclosed &amp; <i>", RECEIPT),
        Hostile("markdown", FORWARD, "*_[", NO_TEXT, stores=False),
        Hostile("sql", FORWARD, "' OR ''='", RECEIPT),
        Hostile("sql", FORWARD, "'; --", NO_TEXT, stores=False),
        Hostile("number", FORWARD, "10^100 killed", RECEIPT),
        Hostile("number", FORWARD, "-5 wounded", RECEIPT),
        Hostile("number", FORWARD, "999999999999999999999 dead", RECEIPT),
        Hostile("date", FORWARD, "32 March", RECEIPT),
        Hostile("short", FORWARD, "Breaking: explosion in Kyiv", RECEIPT),
        Hostile("short", FORWARD, "Двоє загиблих у Харкові", RECEIPT),
        Hostile("non-english", FORWARD, RUSSIAN + " ", RECEIPT),
        Hostile("non-english", FORWARD, ARABIC + "\n", RECEIPT),
        Hostile("absurd number", FORWARD, story(STRIKE, "10^100 were killed", "32 March"), RECEIPT),
        Hostile("absurd number", FORWARD, story(FLOOD, "-5 were wounded"), RECEIPT),
        Hostile("html", FORWARD, base.replace("police said", "<b>police</b> said &"), RECEIPT),
        Hostile("huge", FORWARD, (base + " ") * (100_000 // len(base) + 1), RECEIPT),
        # The same story again, with invisible differences: a duplicate, not a second article.
        Hostile("duplicate", FORWARD, base, RECEIPT),
        Hostile("duplicate", PASTE, base.replace(" ", "  "), r"^Already stored as #\d+"),
        Hostile("duplicate", PASTE, "\u200b" + base.replace("police", "\u2060police"), r"^Already"),
        Hostile("duplicate", PASTE, base.replace("said", "s\u00adaid"), r"^Already stored"),
        Hostile("duplicate", PASTE, base.replace("said", "sa" + LRM + "id"), r"^Already stored"),
        Hostile("duplicate", PASTE, base.replace("said", "sa\x00id"), r"^Already stored"),
        Hostile("user forward", USER_FORWARD, "🔥🔥🔥", NO_TEXT, stores=False),
        Hostile("user forward", USER_FORWARD, story(FLOOD, "1e9 died", "the 0th of May"), RECEIPT),
        Hostile("group forward", GROUP_FORWARD, "", NO_TEXT, stores=False),
        Hostile("group forward", GROUP_FORWARD, EMOJI, NO_TEXT, stores=False),
        Hostile("group forward", GROUP_FORWARD, story(SHOOTING, "killed 3.5 people"), RECEIPT),
        Hostile("group forward", GROUP_FORWARD, "<script>x</script>", RECEIPT),
    ]
    for media in ("photo", "sticker", "voice", "location", "video", "poll", "document"):
        cases.append(Hostile("no text", MEDIA, "", _MEDIA_REPLY[media], False, media))
    cases += [
        Hostile("caption", CAPTION, "", NO_TEXT, stores=False, media="photo"),
        Hostile("caption", CAPTION, "🔥📸", NO_TEXT, stores=False, media="photo"),
        Hostile("caption", CAPTION, "<b>&", RECEIPT, media="video"),
        Hostile("caption", CAPTION, "&&", NO_TEXT, stores=False, media="video"),
        Hostile("caption", CAPTION, "Smoke over Kharkiv on 32 March", RECEIPT, media="photo"),
        Hostile(
            "caption", CAPTION, story(FLOOD, "999999999999999999999 dead"), RECEIPT, None, "photo"
        ),
        Hostile("caption", CAPTION, story(STRIKE, "killed 3.5 people"), RECEIPT, None, "video"),
    ]
    return cases


_MEDIA_REPLY = {
    "photo": NO_TEXT,
    "sticker": NO_TEXT,
    "voice": NO_TEXT,
    "location": NO_TEXT,
    "video": NO_TEXT,
    "poll": NO_TEXT,
    # A forwarded file the bot cannot fetch.
    "document": r"^Couldn't download ",
}

# Command arguments, each with a label.
ARGUMENTS: list[tuple[str, str]] = [
    ("missing", ""),
    ("huge", "x" * 10_000),
    ("huge", "Kyiv " * 2_000),
    ("garbage", "qwpoeiruty"),
    ("garbage", "#$%^&*()"),
    ("html", "<b>Kyiv"),
    ("html", "&amp;&lt;script&gt;"),
    ("markdown", "*_[Kyiv](x)"),
    ("sql", "'; DROP TABLE casualty; --"),
    ("sql", "% OR 1=1"),
    ("rtl", RLO + "viyK"),
    ("zero-width", "Ky\u200biv"),
    ("control", "Kyiv\x00\x07\x1b"),
    ("number", "-5"),
    ("number", "999999999999999999999"),
    ("number", "10^100"),
    ("date", "32 March"),
    ("emoji", "🔥"),
]


def _commands() -> list[Hostile]:
    cases: list[Hostile] = []
    replies = {
        "casualties": r"^(Which place\?|No casualty reports for |I can't read |That argument)",
        "quotes": r"^(Whose quotes\?|No quotes for |That argument)",
        "who": r"^(Who\?|No one named |That argument)",
        "article": r"^(Which article\?|No article #|#\d+ |That argument)",
        "forget": r"^(Which article\?|No article #|That argument)",
        "schedule": r"^(Usage: /schedule|Unknown time zone |(No d|D)aily digest|That argument)",
        "digest": r"^(Nothing |Digest|The last 24 hours|That argument)",
        "help": HELP + "|^That argument",
        "start": HELP + "|^That argument",
        "sources": r"^(Latest articles|No articles yet|That argument)",
    }
    for name, pattern in replies.items():
        for label, argument in ARGUMENTS:
            text = f"/{name} {argument}".rstrip()
            expect = TOO_LONG if label == "huge" else pattern
            cases.append(Hostile(f"/{name} {label}", COMMAND, text, expect))
    # In the group (from an admin): a sample of the same.
    for name in ("casualties", "quotes", "who", "article", "forget", "schedule"):
        for label, argument in ARGUMENTS[::3]:
            text = f"/{name} {argument}".rstrip()
            expect = TOO_LONG if label == "huge" else replies[name]
            cases.append(Hostile(f"/{name} {label}", GROUP_COMMAND, text, expect))
    cases += [
        Hostile("unknown", COMMAND, "/", UNKNOWN),
        Hostile("unknown", COMMAND, "/tolls Kyiv", UNKNOWN),
        Hostile("unknown", COMMAND, "/x" * 5_000, UNKNOWN),
        Hostile("unknown", COMMAND, "/<b>&", UNKNOWN),
        Hostile("unknown", COMMAND, "/casualties\u200bKyiv", UNKNOWN),
        Hostile("unknown", COMMAND, "/" + RLO + "seitlausac", UNKNOWN),
        Hostile("unknown", COMMAND, "/\x00", UNKNOWN),
        Hostile("unknown", COMMAND, "/🔥", UNKNOWN),
        Hostile("unknown", COMMAND, "/удари Київ", UNKNOWN),
        Hostile("unknown", COMMAND, "/drop_table_article", UNKNOWN),
        Hostile("case", COMMAND, "/CASUALTIES Kyiv", replies["casualties"]),
        Hostile("case", COMMAND, "/HeLp", HELP),
        Hostile("newline", COMMAND, "/who\nRutte", replies["who"]),
        Hostile("tab", COMMAND, "/quotes\t\tTrump\t99999", replies["quotes"]),
        Hostile("count", COMMAND, "/quotes Trump 0", replies["quotes"]),
        Hostile("count", COMMAND, "/quotes Trump -1", replies["quotes"]),
        Hostile("count", COMMAND, "/quotes Trump 999", replies["quotes"]),
        Hostile("id", COMMAND, "/article 0", replies["article"]),
        Hostile("id", COMMAND, "/article 999999999999", replies["article"]),
        Hostile("id", COMMAND, "/article 1 2", replies["article"]),
        Hostile("id", COMMAND, "/article #9223372036854775808", replies["article"]),
        Hostile("id", COMMAND, "/article ١", replies["article"]),
        Hostile("id", COMMAND, "/forget 0", replies["forget"]),
        Hostile("id", COMMAND, "/forget 1.5", replies["forget"]),
        Hostile("period", COMMAND, "/casualties Kyiv last 99999 days", replies["casualties"]),
        Hostile("period", COMMAND, "/casualties Kyiv last 9999 days", replies["casualties"]),
        Hostile("period", COMMAND, "/casualties Kyiv 0000", replies["casualties"]),
        Hostile("period", COMMAND, "/casualties Kyiv 9999-99", replies["casualties"]),
        Hostile("period", COMMAND, "/casualties Kyiv 2025-02-30", replies["casualties"]),
        Hostile("period", COMMAND, "/casualties Kyiv February 30, 2025", replies["casualties"]),
        Hostile("period", COMMAND, "/casualties Kyiv 31 June", replies["casualties"]),
        Hostile("period", COMMAND, "/casualties Kyiv 1 sept 9999", replies["casualties"]),
        Hostile("period", COMMAND, "/casualties last week", replies["casualties"]),
        Hostile("schedule", COMMAND, "/schedule 99:99", replies["schedule"]),
        Hostile("schedule", COMMAND, "/schedule 24:00 UTC", replies["schedule"]),
        Hostile("schedule", COMMAND, "/schedule 07:00 ../../etc/passwd", replies["schedule"]),
        Hostile("schedule", COMMAND, "/schedule 07:00 Mars/Olympus_Mons", replies["schedule"]),
        Hostile("schedule", COMMAND, "/schedule 7:00 Europe/Kyiv extra", replies["schedule"]),
        Hostile("schedule", COMMAND, "/schedule -1:-1", replies["schedule"]),
        # Group chatter and commands meant for others: silence.
        Hostile("group chatter", GROUP_TEXT, "lunch at 1?", None),
        Hostile("group chatter", GROUP_TEXT, EMOJI, None),
        Hostile("group chatter", GROUP_TEXT, "<b>&", None),
        Hostile("group chatter", GROUP_TEXT, "'; DROP TABLE article; --", None),
        Hostile("group chatter", GROUP_TEXT, story(STRIKE, "10^100 were killed"), None),
        Hostile("group chatter", GROUP_TEXT, "x" * 10_000, None),
        Hostile("other bot", GROUP_COMMAND, "/casualties@OtherBot Kyiv", None),
        Hostile("other bot", GROUP_COMMAND, "/help@OtherBot", None),
        Hostile("other bot", GROUP_COMMAND, "/weather", None),
        Hostile("other bot", GROUP_COMMAND, "/weather@OtherBot <b>", None),
        Hostile("other bot", COMMAND, "/help@OtherBot", None),
        Hostile(
            "addressed", GROUP_COMMAND, "/casualties@{me} " + RLO + "Kyiv", replies["casualties"]
        ),
        Hostile("addressed", GROUP_COMMAND, "/weather@{me}", UNKNOWN),
        Hostile("addressed", GROUP_COMMAND, "/help@{me} " + "x" * 10_000, TOO_LONG),
        Hostile("addressed", GROUP_COMMAND, "/HELP@{ME}", HELP),
        # Edited messages are not handled again: silence.
        Hostile("edited", EDITED, "/forget 1", None),
        Hostile("edited", EDITED, story(STRIKE, "10^100 were killed"), None, stores=False),
    ]
    return cases


CORPUS: list[Hostile] = [*_pastes(), *_links(), *_files(), *_forwards(), *_commands()]
