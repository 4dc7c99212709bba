from openai_client import OpenAI

client = OpenAI()

response = client.images.generate(
    model="gpt-image-1",
    prompt="A white siamese cat in a cyberpunk city, digital art",
    size="1024x1024",
    n=1,
)
first = response.data[0] if response.data else None
print("image:", first.url if first and first.url else (first.b64_json[:16] if first and first.b64_json else None))
