throw new Error("this module fails while loading");
