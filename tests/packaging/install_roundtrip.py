#!/usr/bin/env python3
"""A protocol round trip against an installed switchboard-server (tools/install-test.sh):
an agent signs in with a password and goes available, a customer says hello and is assigned to
it, the customer's message is acknowledged and reaches the agent, and the agent's reply reaches
the customer. Uses the independent client (tests/independent). Prints one line per step and
exits non-zero on the first failure.

    install_roundtrip.py --port PORT --login LOGIN --password-file FILE
"""
import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "independent"))
import protocol_client as pc  # noqa: E402

TIMEOUT = 10.0


def conversation_of(message):
    conversation = message.get("conversation")
    return conversation.get("id") if isinstance(conversation, dict) else conversation


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--login", required=True)
    parser.add_argument("--password-file", required=True)
    args = parser.parse_args()
    password = Path(args.password_file).read_text().strip()
    url = f"ws://127.0.0.1:{args.port}/ws"
    mark = os.urandom(4).hex()

    agent = pc.connect(url, name="agent", timeout=TIMEOUT)
    welcome = agent.hello_agent(args.login, password, timeout=TIMEOUT)
    if welcome.get("agent", {}).get("login") != args.login:
        raise AssertionError(f"agent welcome names {welcome.get('agent')!r}")
    agent.set_status("available")
    agent.barrier(TIMEOUT)
    print("PASS agent signed in and is available")

    customer = pc.connect(url, name="customer", timeout=TIMEOUT)
    customer.hello_customer(name="Package Test", team="support", timeout=TIMEOUT)
    conversation = customer.conversation
    if not conversation:
        raise AssertionError(f"customer welcome has no conversation: {customer.welcome!r}")
    agent.wait_for("assigned", lambda m: conversation_of(m) == conversation, timeout=TIMEOUT)
    print("PASS customer queued and assigned to the agent")

    question = f"Is my parcel on its way? {mark}"
    ack = customer.send_and_ack(question, timeout=TIMEOUT)
    if ack.get("conversation") != conversation or not isinstance(ack.get("seq"), int):
        raise AssertionError(f"unexpected ack {ack!r}")
    delivered = agent.wait_for("message", lambda m: m.get("client_id") == ack["client_id"],
                               timeout=TIMEOUT)
    if delivered.get("text") != question or delivered.get("seq") != ack["seq"]:
        raise AssertionError(f"agent got {delivered!r}")
    print(f"PASS customer message acked with seq {ack['seq']} and delivered to the agent")

    answer = f"It left the warehouse today. {mark}"
    reply_ack = agent.send_and_ack(answer, conversation=conversation, timeout=TIMEOUT)
    if reply_ack.get("seq") != ack["seq"] + 1:
        raise AssertionError(f"reply ack {reply_ack!r}, expected seq {ack['seq'] + 1}")
    reply = customer.wait_for("message", lambda m: m.get("client_id") == reply_ack["client_id"],
                              timeout=TIMEOUT)
    if reply.get("text") != answer:
        raise AssertionError(f"customer got {reply!r}")
    print(f"PASS agent reply acked with seq {reply_ack['seq']} and delivered to the customer")

    customer.close()
    agent.close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # one line, then a non-zero exit
        print(f"FAIL round trip: {type(error).__name__}: {error}")
        sys.exit(1)
