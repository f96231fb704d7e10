// BoundedTaskQueue: a fixed pool, a bounded queue, and tasks shed (run at
// once, with shedding() true) when the queue is full.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <catch2/catch.hpp>

#include "bounded_task_queue.h"

using citesearch::BoundedTaskQueue;

namespace {

// A gate the worker tasks wait at until the test opens it (bounded wait).
class Gate {
public:
    void wait() {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait_for(lock, std::chrono::seconds(10), [this] { return open_; });
    }
    void open() {
        std::lock_guard<std::mutex> lock(mutex_);
        open_ = true;
        cv_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool open_ = false;
};

bool eventually(const std::function<bool()>& condition) {
    for (int i = 0; i < 500 && !condition(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return condition();
}

}  // namespace

TEST_CASE("a full queue sheds the next task on the caller's thread", "[queue]") {
    BoundedTaskQueue queue(2, 3);
    Gate gate;
    std::atomic<int> started{0}, finished{0}, shed_seen{0};
    auto task = [&] {
        if (BoundedTaskQueue::shedding()) {
            ++shed_seen;
            return;
        }
        ++started;
        gate.wait();
        ++finished;
    };
    for (int i = 0; i < 2; ++i) queue.enqueue(task);
    REQUIRE(eventually([&] { return started == 2; }));  // both workers busy
    for (int i = 0; i < 3; ++i) queue.enqueue(task);
    CHECK(queue.waiting() == 3);
    CHECK(shed_seen == 0);

    std::thread::id caller = std::this_thread::get_id(), ran_on;
    queue.enqueue([&] {
        ran_on = std::this_thread::get_id();
        if (BoundedTaskQueue::shedding()) ++shed_seen;
    });
    CHECK(shed_seen == 1);
    CHECK(ran_on == caller);
    CHECK(queue.shed_count() == 1);
    CHECK_FALSE(BoundedTaskQueue::shedding());  // only while the shed task runs

    gate.open();
    queue.shutdown();
    CHECK(finished == 5);  // shutdown runs what was queued
    CHECK(queue.waiting() == 0);
}

TEST_CASE("an exception in a task does not end the worker", "[queue]") {
    BoundedTaskQueue queue(1, 10);
    std::atomic<int> ran{0};
    queue.enqueue([] { throw std::runtime_error("task failed"); });
    queue.enqueue([&] { ++ran; });
    queue.shutdown();
    CHECK(ran == 1);
}

TEST_CASE("with no queue, a task runs only when a worker is idle", "[queue]") {
    BoundedTaskQueue queue(1, 0);
    Gate gate;
    std::atomic<int> ran{0}, shed{0};
    auto blocker = [&] {
        if (BoundedTaskQueue::shedding()) {
            ++shed;
            return;
        }
        ++ran;
        gate.wait();
    };
    // The worker may not have reached its wait yet: until it has, tasks are shed.
    for (int i = 0; i < 500 && ran == 0; ++i) {
        queue.enqueue(blocker);
        if (ran == 0 && !eventually([&] { return ran == 1 || shed > 0; })) break;
        if (ran == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(eventually([&] { return ran == 1; }));
    int shed_before = shed;
    queue.enqueue(blocker);  // the only worker is busy and nothing may wait
    CHECK(shed == shed_before + 1);
    CHECK(ran == 1);
    gate.open();
    queue.shutdown();
}
