from pathlib import Path

from openai_client import OpenAI

client = OpenAI()

# A file can be an open file, a path, bytes, or a (filename, content, mime type) tuple.
with open("audio.mp3", "rb") as audio:
    transcript = client.audio.transcriptions.create(model="gpt-4o-mini-transcribe", file=audio, language="en")
print("transcript:", transcript)

translation = client.audio.translations.create(model="whisper-1", file=Path("audio.mp3"))
print("translation:", translation)
