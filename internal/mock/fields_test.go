package mock

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzSplitObject holds the body splitter to encoding/json: for any valid JSON, it finds an
// object exactly when json.Unmarshal into a map does, with the same keys (the last of a
// repeated key counting) and the same raw values.
func FuzzSplitObject(f *testing.F) {
	for _, seed := range []string{
		`{}`, ` { } `, `{"a":1}`, `{"a":"x","b":[1,{"c":"]"}],"a":null}`, `{"k\u0065y":"v\"}"}`,
		`{"a":{"b":{"c":[]}},"d":-1.5e3,"e":true,"f":false}`, "\t{\"a\" :\n\"b\" , \"c\":[ ]}\r\n",
		`[1,2]`, `null`, `"s"`, `12`, `{"a":"\\"}`, `{"":0}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		var want map[string]json.RawMessage
		wantErr := json.Unmarshal(data, &want)
		got, ok := splitObject(data)
		if ok != (wantErr == nil && want != nil) {
			t.Fatalf("splitObject(%q) ok=%v, json.Unmarshal: %v %v", data, ok, want, wantErr)
		}
		if !ok {
			return
		}
		keys := map[string]bool{}
		for _, fl := range got {
			keys[string(fl.key)] = true
		}
		if len(keys) != len(want) {
			t.Fatalf("splitObject(%q) keys %v, want %v", data, keys, want)
		}
		for k, raw := range want {
			if g := got.get(k); !bytes.Equal(g, raw) {
				t.Fatalf("splitObject(%q)[%q] = %q, want %q", data, k, g, raw)
			}
		}
	})
}

func TestSplitArray(t *testing.T) {
	items, ok := splitArray([]byte(` [ 1 , "a,]" ,{"b":[2]} ] `))
	if !ok || len(items) != 3 || string(items[1]) != `"a,]"` || string(items[2]) != `{"b":[2]}` {
		t.Errorf("splitArray = %q, %v", items, ok)
	}
	if items, ok := splitArray([]byte(`[]`)); !ok || len(items) != 0 {
		t.Errorf("empty array: %q %v", items, ok)
	}
	if _, ok := splitArray([]byte(`{}`)); ok {
		t.Error("an object split as an array")
	}
}
