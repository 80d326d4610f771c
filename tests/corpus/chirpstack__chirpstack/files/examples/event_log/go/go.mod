module event-log

go 1.25.0

require (
	github.com/chirpstack/chirpstack/api/go/v4 v4.19.0
	github.com/go-redis/redis/v8 v8.11.5
	google.golang.org/protobuf v1.36.11
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/dgryski/go-rendezvous v0.0.0-20200823014737-9f7001d12a5f // indirect
)
