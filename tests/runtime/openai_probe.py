"""Run one scenario with openai-python against URL; print a JSON outcome."""
import io, json, logging, sys
import httpx2, openai
url, scenario = sys.argv[1], sys.argv[2]
stream = io.StringIO()
h = logging.StreamHandler(stream); h.setLevel(logging.DEBUG)
lg = logging.getLogger("openai"); lg.addHandler(h); lg.setLevel(logging.DEBUG)
class Boom(httpx2.BaseTransport):
    def handle_request(self, request):
        raise ValueError("transport bug")
kw = {}
if scenario == "transport-valueerror":
    kw["http_client"] = httpx2.Client(transport=Boom())
client = openai.OpenAI(api_key="k", base_url=url, **kw)
out = {}
try:
    if scenario == "bad-timeout":
        r = client.models.retrieve("ok", timeout=object())
    else:
        r = client.models.retrieve(scenario if scenario != "transport-valueerror" else "ok")
    out["result"] = type(r).__name__
    if scenario == "missing-field":
        out["missing"] = repr(r.owned_by)
except BaseException as e:
    out["raised"] = type(e).__name__
import re
out["retry_log_lines"] = sum(1 for l in stream.getvalue().splitlines() if re.match(r"(Retrying|Not retrying|\d+ retries left|1 retry left)", l))
print(json.dumps(out))
