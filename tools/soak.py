#!/usr/bin/env python3
"""tools/soak.py — load with faults against a running environment (tools/env.sh).

  tools/soak.py --url URL --dir ENVDIR --key APIKEY --seconds N [--conns 32]

N seconds at --conns connections (keep-alive, one thread each) of mixed
reads and writes: the lead list and a lead page as a signed-in rep, the start
page, /healthz, the public lead form (POST) and the JSON intake API (POST).
At 1/4, 1/2 and 3/4 of the run: kill -9 one worker, SIGHUP the master,
restart MariaDB (tools/env.sh db-stop / db-start).  A poller asks /healthz
four times a second throughout.

Prints TAP lines:
  - no 5xx / errors / timeouts outside the fault windows (a request counts as
    inside when it overlaps a window: a few seconds after each fault),
  - every acknowledged write (201 from the API, 303 from the form) is in the
    database afterwards,
  - /healthz tells the truth: 200 outside the windows, never 200 while
    MariaDB is down,
  - the service recovered by itself (the last seconds are all 2xx/3xx/4xx).
Standard library only.
"""
import argparse
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

ap = argparse.ArgumentParser()
ap.add_argument('--url', required=True)
ap.add_argument('--dir', required=True)
ap.add_argument('--key', required=True)
ap.add_argument('--seconds', type=float, default=600)
ap.add_argument('--conns', type=int, default=32)
ap.add_argument('--password', default=os.environ.get('SG_DEMO_PASSWORD', 'sg-demo-2026'))
ap.add_argument('--mysql', default=os.environ.get('SG_MYSQL', ''))
ap.add_argument('--root', default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
a = ap.parse_args()

u = urllib.parse.urlparse(a.url)
HOST, PORT = u.hostname, u.port or 80
ORIGIN = f'{u.scheme}://{u.netloc}'
T0 = time.monotonic()
RUN = f'{os.getpid()}{int(time.time()) % 100000}'


def now():
    return time.monotonic() - T0


def conn():
    return http.client.HTTPConnection(HOST, PORT, timeout=10)


def sign_in(login):
    c = conn()
    body = urllib.parse.urlencode({'login': login, 'password': a.password})
    c.request('POST', '/login', body, {'Content-Type': 'application/x-www-form-urlencoded',
                                       'Origin': ORIGIN})
    r = c.getresponse()
    r.read()
    m = re.search(r'sg_session=([^;]+)', r.getheader('Set-Cookie') or '')
    if r.status != 303 or not m:
        sys.exit(f'soak: cannot sign in as {login} ({r.status})')
    return m.group(1)


def mysql(query):
    cmd = a.mysql.split() + ['-N', '-B', 'salesgate', '-e', query]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()


rep = sign_in('rep_east1')
c = conn()
c.request('GET', '/f/douyin')
r = c.getresponse()
m = re.search(r'name="ts" value="([^"]+)"', r.read().decode())
if not m:
    sys.exit('soak: no form stamp on /f/douyin')
TS = m.group(1)
lead_ids = [int(x) for x in mysql(
    "SELECT id FROM lead WHERE owner_id = (SELECT id FROM users WHERE login = 'rep_east1')"
    " ORDER BY id LIMIT 20").split()]
time.sleep(3.2)   # Form.MinSeconds

results = []        # (start, end, kind, status)  status: int, 'timeout' or 'error:…'
acked_api = []      # lead ids from 201 answers
acked_form = []     # lead names answered with 303
health = []         # (t, status)
windows = []        # [start, end, what]
db_down = []        # [start, end]
lock = threading.Lock()
stop = threading.Event()


def one(c, kind, n, tid):
    if kind == 'list':
        c.request('GET', '/leads', headers={'Cookie': f'sg_session={rep}'})
    elif kind == 'lead':
        c.request('GET', f'/leads/{random.choice(lead_ids)}', headers={'Cookie': f'sg_session={rep}'})
    elif kind == 'home':
        c.request('GET', '/', headers={'Cookie': f'sg_session={rep}'})
    elif kind == 'login':
        c.request('GET', '/login')
    elif kind == 'api':
        phone = f'139{(tid * 100000 + n) % 100000000:08d}'
        body = json.dumps({'name': f'压测{RUN}-{tid}-{n}', 'phone': phone,
                           'company': f'压测公司{tid}', 'region_code': '310000',
                           'need': 'soak'}, ensure_ascii=False).encode()
        c.request('POST', '/api/v1/leads', body, {'Authorization': f'Bearer {a.key}',
                                                  'Content-Type': 'application/json'})
    elif kind == 'form':
        name = f'表单{RUN}-{tid}-{n}'
        phone = f'137{(tid * 100000 + n) % 100000000:08d}'
        body = urllib.parse.urlencode({'name': name, 'phone': phone, 'company': f'表单公司{tid}',
                                       'need': 'soak', 'ts': TS})
        c.request('POST', '/f/douyin', body, {'Content-Type': 'application/x-www-form-urlencoded',
                                              'Origin': ORIGIN})
    r = c.getresponse()
    data = r.read()
    if kind == 'api' and r.status == 201:
        with lock:
            acked_api.append(json.loads(data)['id'])
    if kind == 'form' and r.status == 303:
        with lock:
            acked_form.append(name)
    return r.status


MIX = ['list'] * 40 + ['lead'] * 15 + ['home'] * 10 + ['login'] * 5 + ['api'] * 18 + ['form'] * 12


def worker(tid):
    c = conn()
    n = 0
    while not stop.is_set():
        n += 1
        kind = random.choice(MIX)
        t = now()
        try:
            st = one(c, kind, n, tid)
        except TimeoutError:
            st = 'timeout'
        except Exception as e:   # connection reset by a killed worker, refused …
            st = f'error:{type(e).__name__}'
        if not isinstance(st, int):
            c.close()
            c = conn()
        with lock:
            results.append((t, now(), kind, st))


def poller():
    c = conn()
    while not stop.is_set():
        t = now()
        try:
            c.request('GET', '/healthz')
            r = c.getresponse()
            r.read()
            st = r.status
        except Exception:
            st = 'error'
            c.close()
            c = conn()
        health.append((t, now(), st))
        time.sleep(0.25)


def master_pid():
    with open(os.path.join(a.dir, 'run', 'salesgate.pid')) as f:
        return int(f.read().strip())


def children(pid):
    try:
        with open(f'/proc/{pid}/task/{pid}/children') as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def env(cmd):
    subprocess.run([os.path.join(a.root, 'tools', 'env.sh'), cmd, a.dir], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def faults():
    d = a.seconds
    if stop.wait(d / 4):
        return
    ws = children(master_pid())
    if ws:
        t = now()
        os.kill(random.choice(ws), signal.SIGKILL)
        windows.append([t, t + 3, 'kill -9 worker'])
    if stop.wait(d / 4):
        return
    t = now()
    os.kill(master_pid(), signal.SIGHUP)
    windows.append([t, t + 3, 'SIGHUP master'])
    if stop.wait(d / 4):
        return
    t = now()
    env('db-stop')
    t_down = now()
    time.sleep(min(5, d / 10))
    t_up = now()
    env('db-start')
    t_ok = now()
    db_down.append([t_down, t_up])
    windows.append([t, t_ok + 5, 'MariaDB restart'])


threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(a.conns)]
threads += [threading.Thread(target=poller, daemon=True), threading.Thread(target=faults, daemon=True)]
for t in threads:
    t.start()
time.sleep(a.seconds)
stop.set()
for t in threads:
    t.join(15)
end = now()


def inside(s, e):
    return any(s <= w[1] and e >= w[0] for w in windows)


def bad(st):
    return not isinstance(st, int) or st >= 500


total = len(results)
by = {}
for s, e, k, st in results:
    by.setdefault(str(st), 0)
    by[str(st)] += 1
out_bad = [(round(s, 2), k, st) for s, e, k, st in results if bad(st) and not inside(s, e)]
in_bad = [1 for s, e, k, st in results if bad(st) and inside(s, e)]
lat = sorted(e - s for s, e, k, st in results if not bad(st))
p = (lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else 0)
print(f'# soak: {total} requests in {end:.0f}s at {a.conns} connections ({total / max(end, 1):.0f}/s),'
      f' p50 {p(.5):.1f} ms, p99 {p(.99):.1f} ms; statuses {json.dumps(by, sort_keys=True)}')
for w in windows:
    print(f'# fault: {w[2]} at {w[0]:.1f}s, window to {w[1]:.1f}s')
print(f'# failed inside the fault windows: {len(in_bad)}')


def tap(cond, name, detail=''):
    print(f'{"ok" if cond else "not ok"} - {name}')
    if not cond and detail:
        print('#   ' + str(detail)[:1500].replace('\n', '\n#   '))


tap(len(windows) == 3, 'soak: the three faults were made', windows)
tap(total > 0 and not out_bad, f'soak: no 5xx, error or timeout outside the fault windows ({len(out_bad)})',
    out_bad[:20])
late = [(k, st) for s, e, k, st in results if s > end - 3 and bad(st)]
tap(not late, 'soak: the service recovered by itself (no failure in the last 3 s)', late[:10])

# acknowledged writes
got = 0
for i in range(0, len(acked_api), 500):
    chunk = acked_api[i:i + 500]
    got += int(mysql(f"SELECT COUNT(*) FROM lead WHERE id IN ({','.join(str(int(x)) for x in chunk)})"))
tap(got == len(acked_api) and len(acked_api) > 0,
    f'soak: every acknowledged API write is in the database ({got} of {len(acked_api)})')
names = set(acked_form)
have = set(mysql(f"SELECT name FROM lead WHERE name LIKE '表单{RUN}-%'").split('\n')) if names else set()
missing = names - have
tap(not missing and len(names) > 0,
    f'soak: every acknowledged form write is in the database ({len(names) - len(missing)} of {len(names)})',
    sorted(missing)[:10])

# /healthz tells the truth
h_out = [(round(t, 2), st) for t, e, st in health if st != 200 and not inside(t, e)]
h_down = [(round(t, 2), st) for t, e, st in health
          if st == 200 and any(d[0] + 1 <= t <= d[1] for d in db_down)]
tap(health and not h_out, f'soak: /healthz 200 outside the fault windows ({len(health)} polls)', h_out[:10])
tap(db_down and not h_down and any(d[0] + 1 <= t <= d[1] for t, e, st in health for d in db_down),
    '/healthz never says 200 while MariaDB is down', h_down[:10])
