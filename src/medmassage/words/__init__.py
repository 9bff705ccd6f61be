"""The display vocabulary: the words people read for the ids the contracts use.

One place turns `myofascial_release` into "Myofascial release", `lower_back`/`left` into "Lower
back, left", `ndi` into "Neck Disability Index" and 42.000000 into "42". Pages, PDFs and the
API's human-readable fields all take their words from here; the ids stay in the API's data.
"""
