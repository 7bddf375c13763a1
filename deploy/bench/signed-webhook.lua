-- wrk script: POSTs one signed Shopify webhook body over and over, each request with its own
-- X-Shopify-Webhook-Id and X-Shopify-Event-Id (so an idempotent receiver cannot short-cut duplicates).
--
--   WEBHOOK_BODY=src/test/resources/shopify/webhooks/orders-create.json \
--   WEBHOOK_HMAC=$(openssl dgst -sha256 -hmac "$SECRET" -binary "$WEBHOOK_BODY" | base64) \
--   wrk -t2 -c16 -d30s -s deploy/bench/signed-webhook.lua http://127.0.0.1:8080/webhooks/shopify
--
-- Environment:
--   WEBHOOK_BODY   file sent as the raw body, byte for byte [src/test/resources/shopify/webhooks/orders-create.json]
--   WEBHOOK_HMAC   base64 HMAC-SHA256 of that file with the app's secret (required: LuaJIT has no HMAC)
--   WEBHOOK_TOPIC  X-Shopify-Topic [orders/create]
--   WEBHOOK_SHOP   X-Shopify-Shop-Domain [example-shop.myshopify.com]
--   BENCH_RUN_ID   8 hex digits that start every generated id, so runs never repeat ids [from the clock]
--
-- done() prints machine-readable "BENCH key=value" lines (latencies in ms).

local body_path = os.getenv("WEBHOOK_BODY") or "src/test/resources/shopify/webhooks/orders-create.json"
local hmac = os.getenv("WEBHOOK_HMAC")
local run_id = os.getenv("BENCH_RUN_ID") or string.format("%08x", os.time() % 4294967296)

local function read_body(path)
  local f, err = io.open(path, "rb")
  if not f then
    error("signed-webhook.lua: cannot read WEBHOOK_BODY " .. tostring(err))
  end
  local data = f:read("*a")
  f:close()
  return data
end

if not hmac or hmac == "" then
  error("signed-webhook.lua: set WEBHOOK_HMAC to the base64 HMAC-SHA256 of " .. body_path)
end
if not run_id:match("^%x%x%x%x%x%x%x%x$") then
  error("signed-webhook.lua: BENCH_RUN_ID must be 8 hex digits, got " .. run_id)
end

wrk.method = "POST"
wrk.body = read_body(body_path)
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Shopify-Topic"] = os.getenv("WEBHOOK_TOPIC") or "orders/create"
wrk.headers["X-Shopify-Hmac-Sha256"] = hmac
wrk.headers["X-Shopify-Shop-Domain"] = os.getenv("WEBHOOK_SHOP") or "example-shop.myshopify.com"
wrk.headers["X-Shopify-API-Version"] = "2026-07"
wrk.headers["X-Shopify-Triggered-At"] = "2026-08-14T15:21:09.412583Z"

-- setup() runs in the main Lua state once per thread: hand every thread its own number.
local next_thread = 0
function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_id", next_thread)
end

local counter = 0
local headers = {}

function init(args)
  for k, v in pairs(wrk.headers) do
    headers[k] = v
  end
  -- thread_id is a global set by setup(); 0 if this script runs without it.
  thread_id = thread_id or 0
end

-- UUID-shaped, unique per request: <run>-<thread>-4000-8000-<counter> (version 4, RFC 4122 variant).
function request()
  counter = counter + 1
  headers["X-Shopify-Webhook-Id"] = string.format("%s-%04x-4000-8000-%012x", run_id, thread_id, counter)
  headers["X-Shopify-Event-Id"] = string.format("%s-%04x-4000-9000-%012x", run_id, thread_id, counter)
  return wrk.format(nil, wrk.path, headers, wrk.body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local function ms(p)
    return latency:percentile(p) / 1000
  end
  io.write(string.format("BENCH requests=%d\n", summary.requests))
  io.write(string.format("BENCH duration_s=%.3f\n", seconds))
  io.write(string.format("BENCH requests_per_s=%.1f\n", summary.requests / seconds))
  io.write(string.format("BENCH bytes_read=%d\n", summary.bytes))
  io.write(string.format("BENCH p50_ms=%.3f\n", ms(50)))
  io.write(string.format("BENCH p90_ms=%.3f\n", ms(90)))
  io.write(string.format("BENCH p99_ms=%.3f\n", ms(99)))
  io.write(string.format("BENCH p99_9_ms=%.3f\n", ms(99.9)))
  io.write(string.format("BENCH max_ms=%.3f\n", latency.max / 1000))
  -- wrk counts a response with status > 399 as a status error
  io.write(string.format("BENCH non2xx=%d\n", e.status))
  io.write(string.format("BENCH errors_connect=%d\n", e.connect))
  io.write(string.format("BENCH errors_read=%d\n", e.read))
  io.write(string.format("BENCH errors_write=%d\n", e.write))
  io.write(string.format("BENCH errors_timeout=%d\n", e.timeout))
end
