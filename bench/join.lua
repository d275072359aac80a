-- wrk script: a newcomer turned away by the waiting room, again and again. The same registration
-- body each time, no ticket; bench/turn-away.sh schedules an opening an hour ahead first, so
-- every request joins the line and is answered 503 with a fresh place. Static request, so wrk
-- runs no Lua per request.
wrk.method = "POST"
wrk.body = '{"email":"someone@bench.prakerja.id","proof_of_work":{"seed":"x","nonce":"1"}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Forwarded-For"] = "10.1.2.3"
