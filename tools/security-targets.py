#!/usr/bin/env python3
"""tools/security-targets.py BASE COOKIE OUT [--depth N] [--exclude RE] [--seed PATH ...] [--wild /f/* ...]

Crawls the site as the signed-in session COOKIE (the sg_session value) and
writes the injection targets of make security (tools/security.sh) to OUT,
one a line, tab-separated:

    GET   <url with its query>        a link or a GET form with parameters
    POST  <action url>  <urlencoded body> <page the form was on> <other actions>

Breadth first from / and the seeds, same origin, GET only, to --depth
links.  Pages are folded by shape (/leads/12?page=2 and /leads/13?page=3
are one shape, /leads/:n?page): up to PER_SHAPE pages of a shape are
fetched, and each link or form shape is tested once, so a list of 500
leads costs one target, not 500.  Forms are folded the same
way (method, action shape, field names).  Links and forms whose URL
matches --exclude are not followed (they sign out, switch the view or
lock people out).  OUT.visited gets the shapes fetched, with their status.
Standard library only (urllib, html.parser).
"""
import argparse
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

# pages fetched per shape (/leads/:n): forms can differ between instances
# (one's own lead has actions another's has not); each form shape is kept once
PER_SHAPE = 25


# route patterns with a wildcard (/f/* of cgi/route.c): /f/douyin and /f/live
# are one shape (--wild)
WILD = []


def shape(url):
    u = urllib.parse.urlsplit(url)
    path = re.sub(r'/\d+(?=/|$)', '/:n', u.path)
    for pattern, folded in WILD:
        path = pattern.sub(folded, path)
    keys = sorted({k for k, _ in urllib.parse.parse_qsl(u.query, keep_blank_values=True)})
    return path + ('?' + '&'.join(keys) if keys else '')


class Page(HTMLParser):
    """Links (a href) and forms (action, method, fields with their first value)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.forms = [], []
        self.form = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'a' and a.get('href'):
            self.links.append(a['href'])
        elif tag == 'form':
            self.form = {'action': a.get('action') or '', 'method': (a.get('method') or 'get').lower(),
                         'fields': []}
            self.forms.append(self.form)
        elif self.form is None or not a.get('name'):
            return
        elif tag == 'input':
            t = (a.get('type') or 'text').lower()
            if t in ('submit', 'button', 'image', 'reset', 'file'):
                return
            if t in ('checkbox', 'radio') and 'checked' not in a and \
                    any(n == a['name'] for n, _ in self.form['fields']):
                return
            self.form['fields'].append((a['name'], a.get('value') or default_value(a)))
        elif tag == 'select':
            self.select = [a['name'], None]
            self.form['fields'].append(self.select)
        elif tag == 'option' and self.select is not None:
            if self.select[1] is None or 'selected' in a:
                self.select[1] = a.get('value', '')
        elif tag == 'textarea':
            self.form['fields'].append((a['name'], 'x'))

    def handle_endtag(self, tag):
        if tag == 'form':
            self.form = None
        elif tag == 'select':
            if self.select is not None and self.select[1] is None:
                self.select[1] = ''
            self.select = None


def default_value(a):
    """A plausible value for an empty input, so the form passes validation."""
    t = (a.get('type') or 'text').lower()
    return {'number': '1', 'date': '2026-01-01', 'email': 'sec@example.com', 'tel': '13900000000',
            'checkbox': 'on', 'radio': 'on', 'month': '2026-01'}.get(t, 'x')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('base')
    ap.add_argument('cookie')
    ap.add_argument('out')
    ap.add_argument('--depth', type=int, default=5)
    ap.add_argument('--exclude', default=r'^$')
    ap.add_argument('--seed', action='append', default=[])
    ap.add_argument('--wild', action='append', default=[])
    o = ap.parse_args()
    for w in o.wild:
        WILD.append((re.compile('^' + re.escape(w).replace(r'\*', '[^/]+') + '(?=/|$)'), w))
    base = o.base.rstrip('/')
    origin = urllib.parse.urlsplit(base)
    exclude = re.compile(o.exclude)
    opener = urllib.request.build_opener(NoRedirect)
    opener.addheaders = [('Cookie', f'sg_session={o.cookie}'), ('Accept-Language', 'zh-CN')]

    def local(href, page):
        u = urllib.parse.urlsplit(urllib.parse.urljoin(page, href))
        if (u.scheme, u.netloc) != (origin.scheme, origin.netloc):
            return None
        return urllib.parse.urlunsplit((u.scheme, u.netloc, u.path, u.query, ''))

    seen, fetched, visited, targets, form_shapes, alternates = {}, set(), [], [], set(), {}
    queue = [(base + '/', 0)] + [(base + s, 0) for s in o.seed]
    while queue:
        url, depth = queue.pop(0)
        sh = shape(url)
        if url in fetched or seen.get(sh, 0) >= PER_SHAPE or exclude.search(url[len(base):]):
            continue
        fetched.add(url)
        seen[sh] = seen.get(sh, 0) + 1
        try:
            res = opener.open(url, timeout=60)
            status, ctype, body = res.status, res.headers.get('Content-Type', ''), res.read()
        except urllib.error.HTTPError as e:
            status, ctype, body = e.code, e.headers.get('Content-Type', ''), b''
            if status in (301, 302, 303, 307, 308) and e.headers.get('Location'):
                nxt = local(e.headers['Location'], url)
                if nxt:
                    queue.append((nxt, depth))
        except Exception as e:  # noqa: BLE001 — a page that does not answer is reported, not fatal
            status, ctype, body = f'error {e}', '', b''
        if seen[sh] == 1:
            visited.append(f'{status}\t{sh}\t{url}')
        if urllib.parse.urlsplit(url).query:
            targets.append((None, f'GET\t{url}'))
        if 'html' not in ctype:
            continue
        p = Page()
        p.feed(body.decode('utf-8', 'replace'))
        for href in p.links:
            nxt = local(href, url)
            if nxt and depth < o.depth:
                queue.append((nxt, depth + 1))
        for f in p.forms:
            action = local(f['action'] or url, url)
            if not action or exclude.search(action[len(base):]):
                continue
            fields = [(n, v or '') for n, v in f['fields']]
            key = (f['method'], shape(action), tuple(sorted({n for n, _ in fields})))
            if key in form_shapes:
                if f['method'] == 'post' and action not in alternates[key] and len(alternates[key]) < PER_SHAPE:
                    alternates[key].append(action)
                continue
            form_shapes.add(key)
            data = urllib.parse.urlencode(fields)
            if f['method'] == 'post':
                alternates[key] = [action]
                targets.append((key, f'POST\t{action}\t{data}\t{url}'))
            elif fields:
                sep = '&' if urllib.parse.urlsplit(action).query else '?'
                nxt = action + sep + data
                targets.append((None, f'GET\t{nxt}'))
                if depth < o.depth:
                    queue.append((nxt, depth + 1))
    # a POST line ends with the form's other actions (the same form on other
    # pages, e.g. another deal's): tools/security.sh takes the first that
    # the session may use (not 403/404)
    targets = [t + ('\t' + ' '.join(alternates[k][1:]) if k else '') for k, t in targets]

    # One target per method and shape: a form's GET and a link with the same
    # keys are one; a target whose parameters are all in another of the same
    # method and path goes (/leads?owner=me beside the filter form's
    # /leads?q&owner&status…, the douyin form without the e-mail field
    # beside the website form with it).
    def keys_of(t):
        k = t.split('\t')
        u = urllib.parse.urlsplit(k[1])
        q = u.query if k[0] == 'GET' else k[2]
        return (k[0], shape(u.path)), frozenset(n for n, _ in urllib.parse.parse_qsl(q, keep_blank_values=True))
    params = {}
    for t in targets:
        where, keys = keys_of(t)
        params.setdefault(where, []).append(keys)
    out, shapes = [], set()
    for t in targets:
        where, keys = keys_of(t)
        if any(keys < other for other in params[where]) or (where, keys) in shapes:
            continue
        shapes.add((where, keys))
        out.append(t)
    with open(o.out, 'w') as fh:
        fh.write('\n'.join(out) + ('\n' if out else ''))
    with open(o.out + '.visited', 'w') as fh:
        fh.write('\n'.join(visited) + '\n')
    print(f'# crawled {len(visited)} page shapes, {len(out)} targets', file=sys.stderr)


if __name__ == '__main__':
    main()
