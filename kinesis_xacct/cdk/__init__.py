"""The CDK framework behind one package: ``framework`` is the only module that imports cdktf or cdktn, ``constructs``
and the provider bindings (loaded lazily), with the HCL writer's post-processing; ``frameworks`` describes the two
frameworks for the tooling and imports none of them.
"""
