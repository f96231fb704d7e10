#include "bounded_task_queue.h"

#include <algorithm>
#include <iostream>

namespace citesearch {
namespace {

thread_local bool t_shedding = false;

}  // namespace

BoundedTaskQueue::BoundedTaskQueue(std::size_t workers, std::size_t max_waiting) : max_waiting_(max_waiting) {
    workers_.reserve(workers);
    for (std::size_t i = 0; i < std::max<std::size_t>(workers, 1); ++i) workers_.emplace_back([this] { work(); });
}

BoundedTaskQueue::~BoundedTaskQueue() { shutdown(); }

bool BoundedTaskQueue::shedding() { return t_shedding; }

void BoundedTaskQueue::enqueue(std::function<void()> fn) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        // Tasks an idle worker is about to take are not waiting.
        if (tasks_.size() < idle_ + max_waiting_ && !stopping_) {
            tasks_.push_back(std::move(fn));
            update_waiting();
            wake_.notify_one();
            return;
        }
    }
    ++shed_;
    t_shedding = true;
    try {
        fn();
    } catch (...) {
        // A shed task must not take the accept loop down with it.
    }
    t_shedding = false;
}

void BoundedTaskQueue::shutdown() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_ && workers_.empty()) return;
        stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : workers_) t.join();
    workers_.clear();
}

void BoundedTaskQueue::update_waiting() {
    waiting_.store(tasks_.size() > idle_ ? tasks_.size() - idle_ : 0, std::memory_order_relaxed);
}

void BoundedTaskQueue::work() {
    while (true) {
        std::function<void()> fn;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            ++idle_;
            update_waiting();
            wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
            --idle_;
            if (tasks_.empty()) return;  // stopping, and nothing left to run
            fn = std::move(tasks_.front());
            tasks_.pop_front();
            update_waiting();
        }
        try {
            fn();
        } catch (const std::exception& e) {
            // An exception escaping a worker would end the process (std::terminate).
            std::cerr << "error: a connection task failed: " << e.what() << std::endl;
        } catch (...) {
            std::cerr << "error: a connection task failed with an unknown exception" << std::endl;
        }
    }
}

}  // namespace citesearch
