"""The wish summary: one compact block next to each apprenticeship wish (now and the next
deadline, the first-year pay range, the job market near the training, the outcomes of
former apprentices, the guide), each line opening the full widget in the same frame."""
