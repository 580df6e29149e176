// Package mock is mxmock: a stateful, in-memory stand-in for MX SSO API v2.
//
// It answers the documented errors with MX's exact messages and statuses, keeps users, members
// and feed accounts per client, and has a control API under /_mxmock for seeding accounts,
// injecting faults and resetting state. It never imports internal/catalog: every message below is
// written by hand from MX's errors page, so the contract suite checks the mock instead of itself.
//
// Every MX request goes through the same checks, in this order:
//
//  1. route match: an unknown path, or a known path with an unknown method, is 404;
//  2. faults (outage 502, maintenance 503, delete failures 500, and the transport faults: a
//     delay, a reset, an empty reply, garbage, a body cut short or dribbled), scoped by client
//     or by header;
//  3. POST and PUT need the media type application/json, else 404 (MX's documented rule);
//  4. auth: the API key k and the client c, both query parameters;
//  5. the body: at most MaxBodyBytes, a JSON object;
//  6. the handler: field checks first, then lookups in the store.
//
// Choices for what MX leaves undocumented (the README copies this list):
//
//   - Every error body, 404 and 502 included, is the envelope {"error": "..."} served as
//     application/json; MX promises no body for 404 and 502.
//   - Unknown route or method: 404 "No route for PATCH /user/x.". Go's ServeMux never answers
//     on its own: no plain-text 405, and no redirect for unclean paths such as //user.
//     HEAD is served like GET, as net/http does.
//   - Content-Type: the media type must be application/json (any case); parameters such as
//     charset are allowed. Missing or other: 404 "POST /user needs Content-Type: application/json.".
//   - Missing k: 401 "Missing API key: pass it as the query parameter k.". Wrong k: 401
//     "Invalid API key.". Missing c: 400 "Missing client: pass the client guid as the query
//     parameter c.". A c not associated with the key: the documented 500 "Create user failed:
//     Client must be associated." on POST /user, and 403 "Client <c> is not associated with
//     this API key." on every other route. c may be the client guid or its external guid; both
//     name the same data.
//   - Success statuses: 200 with the object for create, read and update; 204 with no body for
//     every delete.
//   - Deletes cascade: deleting a user deletes its members, deleting a member deletes the feed
//     accounts of that member.
//   - U5 "Failed to delete user: {SYSTEM_MESSAGE}" and M5 "Failed to delete member:
//     {SYSTEM_MESSAGE}" are 500 and happen only through the faults user_delete_failure and
//     member_delete_failure; nothing is deleted. Like every fault they fire before auth and
//     lookups, so they answer even for an unknown id.
//   - A1 "Could not find account with id {ID} and member id {ID}" is 400 (ids as sent in the path).
//   - Outage: 502 {"error":"Bad Gateway: MX's API is down (mxmock outage fault)."}.
//     Maintenance: 503 {"error":"Service Temporarily Unavailable."}.
//   - Input errors are 400 and name the field: "Malformed JSON body: <detail>.", "Body must be a
//     JSON object.", "Field zip_code must be a string.", "Field sex must be MALE or FEMALE.",
//     "Missing required field: credentials.", "Field credentials[0].field_name must be a
//     non-empty string.", and so on. Unknown fields are ignored; a null field counts as absent;
//     an empty external guid counts as absent.
//   - POST /user without external_user_guid is accepted (MX keeps it optional for backward
//     compatibility). external_guid is the older alias; if both are sent they must agree.
//     POST /user also accepts credit_score and status, like PUT /user.
//   - Formats: sex MALE|FEMALE; birthdate YYYY-MM-DD (a real date); zip_code nnnnn, nnnnn-nnnn or
//     Canadian ana nan (either case); status ENABLED|DISABLED; credit_score a JSON integer.
//   - Returned user, in the layout of MX's sample for each route: POST /user as the create sample
//     (birthday, no last_login; MX's sample is cut after debts_widget_url, the rest follows the
//     update sample), GET as the read sample (last_login after zip_code, always null: nobody logs
//     in to the mock), PUT as the update sample (age where the others have birthday, no
//     last_login). age is derived: whole years from the birthdate sent to today (UTC), null when
//     no birthdate is known. sex MALE is 0 and FEMALE 1; birthdate comes back as birthday; a
//     5-digit zip comes back as a JSON number (so 01234 becomes 1234, MX's quirk), ZIP+4 and
//     Canadian codes as strings. status is MX's sample {1,"ENABLED",""}, or for a user set
//     DISABLED the mock's own {0,"DISABLED",""} (MX shows none); the PUT answer always copies
//     MX's sample {2,"User update succeeded",""}. login_token and the widget URLs are made once
//     per user. A client known only by its external guid gets a stable CLT- guid derived from it.
//   - Returned member: institution_guid and name default to a fixed INS- guid and
//     "MX Bank (mxmock)"; status is always {1,ENABLED}. PUT /member changes credentials, name and
//     institution_guid, never the external guid.
//   - Body over MaxBodyBytes: 413 "Request body exceeds N bytes.". Users plus members at
//     MaxObjects: 507 "Store is full (N objects): reset the mock.". A body still arriving when
//     ReadTimeout (30s) runs out: 408 "Request body timed out: the whole request must arrive
//     within 30s.".
//   - The control plane is bounded: at most MaxFaults faults (1000) and MaxAccounts feed
//     accounts (100000, the seed included), each refused with 507 when full ("Too many faults
//     (1000 active): delete some or reset the mock."); a system_message of at most 1024 bytes and
//     ids (scope.client, scope.header, an account's client, member and account_id) of at most 256,
//     refused with 400. Seed and faults files must be regular files of at most 16 MiB, opened
//     without blocking, so /dev/zero or a FIFO is refused at once.
//   - Served by NewHTTPServer or Start: request line plus headers at most MaxHeaderBytes (64 KiB;
//     net/http allows 4 KiB more); headers within ReadHeaderTimeout (10s); idle keep-alive
//     connections closed after IdleTimeout (2m); the answer written within WriteTimeout
//     (ReadTimeout+30s) of the headers. A header over the limit is answered by net/http itself,
//     before the mock sees the request: "431 Request Header Fields Too Large" in plain text. It
//     and net/http's other refusals (400 for a request it cannot parse or without Host, 417 for
//     an Expect other than 100-continue, 501 for an unknown transfer coding, 505 for a version
//     other than HTTP/1.x) are the only answers without the envelope.
//   - A panic in a handler is a bug in the mock: it is answered 500 {"error":"mxmock internal
//     error: <panic>"} and logged with its stack (to the request log, else stderr); if the answer
//     had begun, the connection is cut instead. The server goes on serving either way.
//   - Faults fire in creation order, the first match wins (a delay lets the next match fire
//     too, after it); times 0 is persistent. Config.Faults are there from the start and come
//     back after a reset. scope.client matches c exactly as sent (a client's guid and its
//     external guid are two scopes). Faults are kept by scope, so a request looks only at those
//     it can match. An empty system_message of a delete-failure fault becomes "mxmock <kind>
//     fault". Fault ids (F-1, F-2, ...) are never reused, not even after a reset.
//   - A reset (Reset, POST /_mxmock/reset) happens in one step: users, members and faults go,
//     the seed's accounts and the start-up faults come back, and no request sees half of it.
//     With ?scope_header= and/or ?scope_client= (ResetFaults) only that scope's faults are
//     reset: deleted, and that scope's start-up faults back; nothing else changes.
//   - A delay or slow_body wait moves the connection's write deadline with it, so the answer
//     still has all of WriteTimeout after the wait: a 90 s delay is answered, not cut.
//   - The control API answers only loopback callers (403 otherwise) unless AllowRemoteControl,
//     and asks for the header X-Mxmock-Token when ControlToken is set (401 otherwise). Its bodies
//     are strict: unknown fields are an error there.
//   - The request log prints method, path, query (k replaced by REDACTED), status and duration;
//     the key is never printed, however it is percent-encoded, wherever it appears (package
//     redact). A transport fault shows a word instead of, or after, the status: reset,
//     empty-reply, garbage, 200-truncated, client-gone.
//
// The protocol (headers, control paths, fault kinds, route patterns, defaults) is written once,
// in package mxmock/wire; other modules embed the mock through package mxmock.
package mock
