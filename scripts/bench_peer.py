#!/usr/bin/env python3
"""The peer `make bench` compares Docent's engine with: what a developer would write in an
afternoon with the official `openai` SDK — AsyncOpenAI, a semaphore of IN_FLIGHT, and
asyncio.gather over REQUESTS chat completions of the drafts' shape. Prints the wall time in
seconds.

Usage: bench_peer.py BASE_URL REQUESTS IN_FLIGHT
"""
import asyncio
import sys
import time

from openai import AsyncOpenAI

PROMPT = ("Write a text about this work for this audience: adult visitors. Length: 50 to 75 words. "
          + "Une scène de port au matin ; les barques rentrent dans la lumière rose. " * 60)


async def main(base_url, requests, in_flight):
    client = AsyncOpenAI(base_url=base_url, api_key="bench", max_retries=3, timeout=30)
    gate = asyncio.Semaphore(in_flight)

    async def one(index):
        async with gate:
            answer = await client.chat.completions.create(model="bench", messages=[
                {"role": "system", "content": "You write museum texts for the Musée du banc d'essai. Write in French."},
                {"role": "user", "content": PROMPT + f" (work {index})"}])
            return answer.choices[0].message.content

    start = time.perf_counter()
    texts = await asyncio.gather(*(one(index) for index in range(requests)))
    elapsed = time.perf_counter() - start
    assert all(texts), "an empty answer"
    await client.close()
    print(f"{elapsed:.4f}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
