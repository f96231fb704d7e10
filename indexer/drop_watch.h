#pragma once
// `citesearch-index watch`: keeps an index in line with a drop folder until
// stopped. Changes are noticed with inotify where the kernel offers it, and
// by a full scan every `rescan` interval in any case (inotify sees nothing
// on network file systems, and its watches can run out). Each pass is a
// sync_drop() (drop_sync.h); files still being written are looked at again
// when they may have settled. A file renamed into the folder (IN_MOVED_TO)
// is complete: it is read at once, without settling, unless it is written
// to again after the rename.
//
// Stopping: SIGINT and SIGTERM are taken through a signalfd, so no handler
// runs and no global state exists. The caller blocks both signals in every
// thread before calling (pthread_sigmask). A signal ends the pass in
// progress between two files; what was applied is committed.

#include <chrono>
#include <functional>
#include <string>

#include "drop_sync.h"

namespace citesearch {

struct WatchOptions {
    SyncOptions sync;  // wait_for_settle and should_stop are set by the watcher
    std::chrono::milliseconds rescan{std::chrono::seconds(60)};
    std::function<void(const SyncSummary&)> on_pass;  // after the first pass and every pass that applied something
    std::function<void(const std::string&)>
        on_note;  // "inotify unavailable (...): scanning every 60s", errors it recovers from
};

// Runs until SIGINT or SIGTERM. Throws std::runtime_error when the signals
// cannot be taken, and whatever a pass throws that a later pass could not
// mend (database errors); a drop folder that is briefly unreadable is noted
// and looked at again on the next scan.
void watch_drop(IndexWriter& writer, WatchOptions options);

}  // namespace citesearch
