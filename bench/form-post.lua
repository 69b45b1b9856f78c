-- bench/form-post.lua — wrk script for `make bench`: posts the public lead
-- form with a fresh phone number on every request.  FORM_TS (the signed form
-- time, taken from a GET of the form) and ORIGIN come from the environment.
local counter = 0
local threads = 0
tid = 0   -- set per thread by setup()
local ts = os.getenv("FORM_TS")
local origin = os.getenv("ORIGIN")

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function request()
  counter = counter + 1
  local phone = string.format("137%d%07d", tid, counter % 10000000)
  local body = "ts=" .. ts .. "&name=%E5%8E%8B%E6%B5%8B&phone=" .. phone ..
    "&company=%E5%8E%8B%E6%B5%8B%E5%8D%95%E4%BD%8D" .. counter ..
    "&region_code=310101&industry=medical&intent=demo&need=bench"
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = origin,
  }, body)
end
