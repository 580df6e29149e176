-- POST /user with a new external_user_guid on every request, so mxmock answers 200 each time
-- (a repeated guid would be U3's 400). wrk runs one Lua state per thread: setup() numbers the
-- threads and the run id from the command line (wrk ... -- RUNID) keeps runs apart.
local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  run = args[1] or "r"
  n = 0
  prefix = '{"external_user_guid":"mxbench-' .. run .. '-' .. tid .. '-'
end

function request()
  n = n + 1
  local body = prefix .. n .. '","email":"richard@email.com","first_name":"Richard",' ..
    '"last_name":"Montague","phone":"8015551234","zip_code":"12345","sex":"MALE"}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
