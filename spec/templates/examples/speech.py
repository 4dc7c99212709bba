from openai_client import OpenAI

client = OpenAI()

speech = client.audio.speech.create(model="gpt-4o-mini-tts", voice="alloy", input="Hello world", response_format="mp3")
speech.write_to_file("output.mp3")

# Or stream it to disk without holding it in memory:
with client.audio.speech.with_streaming_response.create(model="gpt-4o-mini-tts", voice="alloy", input="Hello again") as response:
    response.stream_to_file("streamed.mp3")
print("speech saved:", len(open("output.mp3", "rb").read()), "bytes")
