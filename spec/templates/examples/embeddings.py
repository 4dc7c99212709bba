from openai_client import OpenAI

client = OpenAI()

response = client.embeddings.create(model="text-embedding-3-small", input="Hello world", encoding_format="float")
print("one vector of", len(response.data[0].embedding), "floats")

batch = client.embeddings.create(model="text-embedding-3-large", input=["Hello world", "Goodbye world"], dimensions=1024)
print("batch:", [item.index for item in batch.data], "usage:", batch.usage.total_tokens)
