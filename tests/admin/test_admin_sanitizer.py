"""Formatted texts: the Markdown subset renders, and no XSS payload survives the sanitizer,
checked on the HTML and in real Chromium on a page with no CSP to help."""
from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest

from widgets.markup import ALLOWED_TAGS, render_formatted

# Classic payloads and the OWASP XSS Filter Evasion Cheat Sheet cases (case, encodings,
# entities, embedded tabs/newlines, malformed tags, event handlers, CSS, SVG, data: URLs...).
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<a onmouseover=alert(document.cookie)>xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC= onmouseover=\"alert('xxs')\">",
    "<IMG onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"https://xss.example/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=//xss.example/.j>",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<BR SIZE=\"&{alert('XSS')}\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"https://xss.example/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
    "<a href=\"javascript&colon;alert(1)\">x</a>",
    "<a href=\"&#1;javascript:alert(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\">",
    "<form><button formaction=javascript:alert(1)>X</button></form>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    # The same through Markdown syntax.
    "[clic](javascript:alert(1))",
    "[clic](JAVASCRIPT:alert(1))",
    "[clic](  javascript:alert(1))",
    "[clic](java\tscript:alert(1))",
    "[clic](&#106;avascript:alert(1))",
    "[clic](vbscript:msgbox(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[clic](https://example.org\" onmouseover=\"alert(1))",
    "[clic](<javascript:alert(1)>)",
    "![img](x\" onerror=\"alert(1))",
    "**<img src=x onerror=alert(1)>**",
    "*[a](javascript:alert(1))*",
    "- <script>alert(1)</script>\n- [b](javascript:alert(1))",
    "[x]: javascript:alert(1)\n\n[lien][x]",
    "<https://example.org/\"onmouseover=\"alert(1)>",
]

SAFE_SCHEMES = ("http://", "https://", "mailto:")


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _problems(rendered: str) -> list[str]:
    collector = Collector()
    collector.feed(rendered)
    problems = []
    for tag, attrs in collector.tags:
        if tag not in ALLOWED_TAGS:
            problems.append(f"tag {tag}")
        for name, value in attrs.items():
            if name.startswith("on") or name in ("style", "src", "formaction"):
                problems.append(f"attribute {name}")
            if name == "href" and not html.unescape(value or "").strip().lower().startswith(
                    SAFE_SCHEMES):
                problems.append(f"href {value}")
        if tag == "a":
            assert attrs.get("rel") == "noopener noreferrer" and attrs.get("target") == "_blank"
    return problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_in_the_html(payload):
    assert _problems(str(render_formatted(payload))) == []


def test_the_markdown_subset_renders():
    rendered = str(render_formatted(
        "Un **contrat** *signé*.\n\n- un\n- deux\n\n1. premier\n\n"
        "[Le portail](https://www.alternance.emploi.gouv.fr) ou [écrire](mailto:a@b.fr)"))
    assert "<strong>contrat</strong>" in rendered and "<em>signé</em>" in rendered
    assert "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>" in rendered and "<ol>" in rendered
    assert ('<a href="https://www.alternance.emploi.gouv.fr" title="Le portail - nouvelle '
            'fenêtre" target="_blank" rel="noopener noreferrer">Le portail</a>') in rendered
    assert 'href="mailto:a@b.fr"' in rendered
    assert rendered.count("<p>") == 2


@pytest.mark.browser
def test_no_payload_runs_in_chromium(page, host_server):
    body = "\n".join(f'<div class="case">{render_formatted(p)}</div>' for p in PAYLOADS)
    # A host page without CSP: only the sanitizer stands between the payloads and the page.
    url = host_server.add("/xss.html", f"""<!doctype html><html><head><meta charset="utf-8">
<script>window.__calls = [];
for (const name of ["alert", "confirm", "prompt"]) {{
  window[name] = (...args) => window.__calls.push([name, String(args[0])]);
}}</script></head><body>{body}</body></html>""")
    page.goto(url)
    for element in page.query_selector_all(".case *"):
        try:
            element.hover(timeout=200)
        except Exception:
            pass
        element.dispatch_event("focus")
        element.dispatch_event("toggle")
    page.wait_for_timeout(300)
    report = page.evaluate("""() => ({
      calls: window.__calls,
      handlers: [...document.querySelectorAll('*')].flatMap(e =>
          [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name)),
      dangerous: [...document.querySelectorAll(
          ['script', 'iframe', 'object', 'embed', 'svg', 'math', 'img', 'style', 'link', 'meta',
           'form', 'frame', 'base', 'input', 'button'].map(t => '.case ' + t).join(', '))]
          .map(e => e.tagName),
      links: [...document.querySelectorAll('a')].map(a => a.getAttribute('href'))
          .filter(h => h !== null && !/^(https?:|mailto:)/i.test(h)),
    })""")
    assert report == {"calls": [], "handlers": [], "dangerous": [], "links": []}
    assert page.page_errors == []
