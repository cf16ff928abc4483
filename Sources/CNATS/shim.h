#ifndef HFT_CNATS_SHIM_H
#define HFT_CNATS_SHIM_H
// Debian's libnats-dev: nats.c, the NATS C client with JetStream and key-value support
// (https://github.com/nats-io/nats.c). The replication layer (Sources/HFTReplication)
// reaches NATS only through it: no NATS protocol code is written here.
#include <nats/nats.h>
#endif
