// Package hotpath holds Go benchmarks of the paths every request or spec goes through: the
// mock's routing and checks, its store, the JSON it reads and writes, the catalog's Expect and
// the HaveMXError matcher. They sit here, not beside the code, so that the benchmark harness
// (bench/) owns them; run them with
//
//	go test -run '^$' -bench . -benchmem ./bench/hotpath/
package hotpath
