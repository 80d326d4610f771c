import redis

queue = redis.Redis(host="redis")
while True:
    print(queue.blpop("jobs"))
