#!/usr/bin/env python3
"""Draws the test images in Tests/DocentTests/Fixtures/images/ (our own, CC0): a harbour at
dusk (JPEG), a still life (PNG) and a 9,000 × 6,000 panorama (JPEG), larger than any provider
takes, which Docent must shrink. Run once; the files are committed. Needs Pillow."""
import os
from PIL import Image, ImageDraw

HERE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Tests/DocentTests/Fixtures/images")


def harbour(width, height):
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    horizon = height * 3 // 5
    for y in range(horizon):  # the sky, orange at the horizon
        t = y / horizon
        draw.line([(0, y), (width, y)], fill=(int(60 + 180 * t), int(70 + 90 * t), int(140 - 60 * t)))
    for y in range(horizon, height):  # the sea
        t = (y - horizon) / (height - horizon)
        draw.line([(0, y), (width, y)], fill=(int(30 + 20 * t), int(60 + 30 * t), int(110 + 20 * t)))
    w, h = width / 640, height / 427
    draw.ellipse([500 * w, 60 * h, 560 * w, 120 * h], fill=(250, 220, 140))  # the sun
    draw.polygon([(180 * w, 300 * h), (360 * w, 300 * h), (330 * w, 330 * h), (210 * w, 330 * h)], fill=(70, 40, 25))  # a boat
    draw.line([(270 * w, 300 * h), (270 * w, 180 * h)], fill=(40, 30, 20), width=max(2, int(4 * w)))
    draw.polygon([(272 * w, 185 * h), (272 * w, 292 * h), (340 * w, 292 * h)], fill=(235, 225, 200))  # its sail
    return image


def still_life():
    image = Image.new("RGB", (400, 500), (48, 40, 36))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 360, 400, 500], fill=(120, 80, 50))  # a table
    draw.ellipse([80, 250, 200, 370], fill=(200, 40, 40))  # an apple
    draw.ellipse([210, 270, 320, 370], fill=(230, 190, 60))  # a lemon
    draw.polygon([(150, 120), (190, 120), (200, 360), (140, 360)], fill=(90, 120, 150))  # a jug
    return image


os.makedirs(HERE, exist_ok=True)
harbour(640, 427).save(os.path.join(HERE, "harbour.jpg"), quality=85)
still_life().save(os.path.join(HERE, "still-life.png"))
harbour(9000, 6000).save(os.path.join(HERE, "panorama.jpg"), quality=20)
for name in sorted(os.listdir(HERE)):
    print(name, os.path.getsize(os.path.join(HERE, name)), "bytes")
