-- wrk script: POST /v1/sessions/{id}/act round-robin over the session ids in $SESSIONS_FILE, one observation.
local ids = {}
for line in io.lines(os.getenv("SESSIONS_FILE")) do ids[#ids + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("METARL_SERVE_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("OBS_BODY")
request = function()
  i = i % #ids + 1
  return wrk.format(nil, "/v1/sessions/" .. ids[i] .. "/act")
end
local non200 = 0
response = function(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.3f p50_us=%d p90_us=%d p99_us=%d max_us=%d errors_status=%d errors_socket=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
