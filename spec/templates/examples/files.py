from openai_client import OpenAI

client = OpenAI()

uploaded = client.files.create(file=open("data.jsonl", "rb"), purpose="batch")
print("uploaded:", uploaded.id, uploaded.filename)

for f in client.files.list(limit=10):  # iterates every page
    print("file:", f.id, f.purpose)
    break

content = client.files.content(uploaded.id)
print("content:", len(content.read()), "bytes")
