ITEMS = ["a", "b", "c"]
