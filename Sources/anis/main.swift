print("anis")
